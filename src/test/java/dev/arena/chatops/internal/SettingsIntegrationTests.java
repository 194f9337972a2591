package dev.arena.chatops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.chatops.SecretSettings;
import dev.arena.platform.SecretBox;
import dev.arena.platform.internal.NodeCaches;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Runtime settings: operators only, sealed at rest, never shown, refused when tampered with, rotatable. */
@ArenaTest
class SettingsIntegrationTests {

    static final byte[] KEY_1 = Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    static final byte[] KEY_2 = new byte[32];

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SettingsVault vault;

    @Autowired
    Clock clock;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    DataSource dataSource;

    @Test
    void anOperatorSetsAValueThatIsNeverShownAgain() {
        Api operator = Fixtures.operator(port, jdbc);

        var put = operator.put("/v1/admin/settings/llm.endpoint-key", Map.of("value", "bot-token-s3cret"));
        var read = operator.get("/v1/admin/settings/llm.endpoint-key");
        var list = operator.get("/v1/admin/settings");

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(read.json().path("set").asBoolean()).isTrue();
        assertThat(read.text("changedBy")).isEqualTo(Long.toString(Fixtures.userId(operator)));
        assertThat(read.body() + list.body() + put.body()).doesNotContain("bot-token-s3cret");
        assertThat(vault.value("llm.endpoint-key")).contains("bot-token-s3cret");
        String stored = jdbc.sql("SELECT sealed FROM chatops_settings WHERE name = 'llm.endpoint-key'").query(String.class).single();
        assertThat(stored).startsWith("v1.").doesNotContain("bot-token-s3cret");
    }

    @Test
    void aChangeIsSeenAtOnceAndARemovalToo() {
        Api operator = Fixtures.operator(port, jdbc);
        operator.put("/v1/admin/settings/llm.key", Map.of("value", "first"));
        assertThat(vault.value("llm.key")).contains("first");

        operator.put("/v1/admin/settings/llm.key", Map.of("value", "second"));
        assertThat(vault.value("llm.key")).as("the cached value was dropped after the commit").contains("second");

        assertThat(operator.delete("/v1/admin/settings/llm.key").status()).isEqualTo(204);
        assertThat(vault.value("llm.key")).isEmpty();
        assertThat(operator.get("/v1/admin/settings/llm.key").status()).isEqualTo(404);
    }

    @Test
    void whoIsNotAnOperatorIsRefused() {
        Api someone = Api.signedIn(port, "someone");

        var refused = someone.put("/v1/admin/settings/discord.token", Map.of("value", "mine now"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.text("role")).isEqualTo("operator");
        assertThat(someone.get("/v1/admin/settings").status()).isEqualTo(403);
        assertThat(Api.at(port).get("/v1/admin/settings").status()).isEqualTo(401);

        Api operator = Fixtures.operator(port, jdbc);
        operator.put("/v1/admin/settings/refusal.test-key", Map.of("value", "the operators' own"));
        assertThat(someone.get("/v1/admin/settings/refusal.test-key").status()).isEqualTo(403);
        assertThat(someone.delete("/v1/admin/settings/refusal.test-key").status()).isEqualTo(403);
        assertThat(vault.value("refusal.test-key")).contains("the operators' own");
        operator.delete("/v1/admin/settings/refusal.test-key");
    }

    @Test
    void badNamesAndValuesAreProblems() {
        Api operator = Fixtures.operator(port, jdbc);

        assertThat(operator.put("/v1/admin/settings/Not_A_Name", Map.of("value", "x")).text("field")).isEqualTo("name");
        assertThat(operator.put("/v1/admin/settings/ok.name", Map.of("value", "")).text("field")).isEqualTo("value");
        assertThat(operator.put("/v1/admin/settings/ok.name", Map.of("value", "x".repeat(4001))).status()).isEqualTo(422);
        assertThat(operator.put("/v1/admin/settings/ok.name", "{not json").status()).isEqualTo(400);
    }

    @Test
    void aTamperedValueIsRefusedNotReturnedGarbled() {
        vault.put("tamper.me", "original", null);
        String sealed = jdbc.sql("SELECT sealed FROM chatops_settings WHERE name = 'tamper.me'").query(String.class).single();
        byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(3));
        raw[raw.length / 2] ^= 1;
        jdbc.sql("UPDATE chatops_settings SET sealed = ? WHERE name = 'tamper.me'")
                .param("v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw)).update();

        assertThatThrownBy(() -> freshVault(new SecretBox(Map.of(1, KEY_1), 1)).value("tamper.me"))
                .isInstanceOf(SecretSettings.SettingUnreadable.class);
    }

    @Test
    void aValueMovedToAnotherNameDoesNotOpen() {
        vault.put("moved.from", "secret", null);
        vault.put("moved.to", "other", null);
        jdbc.sql("UPDATE chatops_settings SET sealed = (SELECT sealed FROM chatops_settings WHERE name = 'moved.from') WHERE name = 'moved.to'")
                .update();

        assertThatThrownBy(() -> freshVault(new SecretBox(Map.of(1, KEY_1), 1)).value("moved.to"))
                .isInstanceOf(SecretSettings.SettingUnreadable.class);
    }

    @Test
    void theWrongMasterKeyIsRefused() {
        vault.put("wrong.key", "secret", null);

        assertThatThrownBy(() -> freshVault(new SecretBox(Map.of(1, KEY_2), 1)).value("wrong.key"))
                .isInstanceOf(SecretSettings.SettingUnreadable.class);
    }

    @Test
    void rotatingToANewKeyVersionKeepsOldValuesOpenAndReSealsThem() {
        vault.put("rotate.read", "sealed under v1", null);
        vault.put("rotate.write", "also v1", null);
        SettingsVault rotated = freshVault(new SecretBox(Map.of(1, KEY_1, 2, KEY_2), 2));

        assertThat(rotated.value("rotate.read")).contains("sealed under v1");
        assertThat(sealedOf("rotate.read")).as("re-sealed when read").startsWith("v2.");
        rotated.put("rotate.write", "written under v2", null);
        assertThat(sealedOf("rotate.write")).startsWith("v2.");
        assertThat(freshVault(new SecretBox(Map.of(1, KEY_1, 2, KEY_2), 2)).value("rotate.write")).contains("written under v2");
        assertThatThrownBy(() -> freshVault(new SecretBox(Map.of(1, KEY_1), 1)).value("rotate.write"))
                .as("a node without the new key cannot open it").isInstanceOf(SecretSettings.SettingUnreadable.class);
    }

    private String sealedOf(String name) {
        return jdbc.sql("SELECT sealed FROM chatops_settings WHERE name = ?").param(name).query(String.class).single();
    }

    /** A vault with nothing cached, as on another node (on H2, whose caches hear no other node). */
    private SettingsVault freshVault(SecretBox box) {
        return new SettingsVault(jdbc, box, clock, events, NodeCaches.start(dataSource, Duration.ofSeconds(1)).caches());
    }
}
