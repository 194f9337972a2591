package dev.arena.threats.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.chatops.internal.Fixtures;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.threats.AnalystKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The analyst of a whole Arena against {@link ChatCompletionsStandIn}, its key set by an operator through the
 * encrypted settings API: the key sent is the setting's, a change is sent from the next call on, and without the
 * setting the configured {@code arena.threats.analyst.api-key} is sent.
 */
@ArenaTest
class AnalystKeySettingIntegrationTests {

    static final ChatCompletionsStandIn model = new ChatCompletionsStandIn();
    static final String SETTING = "/v1/admin/settings/" + AnalystKey.SETTING;

    @DynamicPropertySource
    static void analystAtTheStandIn(DynamicPropertyRegistry properties) {
        properties.add("arena.threats.analyst.base-url", () -> model.baseUrl().toString());
        properties.add("arena.threats.analyst.model", () -> "stand-in");
        properties.add("arena.threats.analyst.api-key", () -> "sk-configured");
    }

    @AfterAll
    static void stopTheStandIn() {
        model.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Analyst analyst;

    Api operator;

    @BeforeEach
    void signIn() {
        operator = Fixtures.operator(port, jdbc);
    }

    @AfterEach
    void clearTheKey() {
        operator.delete(SETTING);
    }

    @Test
    void theKeySentIsTheEncryptedSettingsAndAChangeTakesEffectAtOnce() throws Exception {
        assertThat(operator.put(SETTING, Map.of("value", "sk-runtime-first")).status()).isEqualTo(200);
        ask(21);
        assertThat(operator.put(SETTING, Map.of("value", "sk-runtime-second")).status()).isEqualTo(200);
        ask(22);

        assertThat(keySentFor(21)).isEqualTo("Bearer sk-runtime-first");
        assertThat(keySentFor(22)).isEqualTo("Bearer sk-runtime-second");
        assertThat(jdbc.sql("SELECT sealed FROM chatops_settings WHERE name = ?").param(AnalystKey.SETTING).query(String.class).single())
                .as("stored sealed, not in clear").doesNotContain("sk-runtime");
        assertThat(operator.get(SETTING).body()).doesNotContain("sk-runtime");
    }

    @Test
    void withoutTheSettingTheConfiguredKeyIsSent() throws Exception {
        operator.put(SETTING, Map.of("value", "sk-runtime-gone"));
        assertThat(operator.delete(SETTING).status()).isEqualTo(204);

        ask(23);

        assertThat(keySentFor(23)).isEqualTo("Bearer sk-configured");
    }

    /** Asks about a session of its own (a username marks it), so that no cached answer stands in for the call. */
    private void ask(long session) throws Exception {
        var digest = new SessionDigest(7, session, "203.0.113.7", "NL", "AS64500 Example", Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T10:04:00Z"), Map.of("login.failed", 3), Map.of(), List.of("key-probe-" + session), List.of("id"),
                List.of(), null);
        assertThat(analyst.explain(digest).get(10, TimeUnit.SECONDS).source()).isEqualTo("model");
    }

    /** The Authorization header of the one call about {@code session}; other sessions' calls (the pipeline's) are ignored. */
    private static String keySentFor(long session) {
        return model.calls().stream().filter(c -> c.body().toString().contains("key-probe-" + session))
                .map(ChatCompletionsStandIn.Call::authorization).reduce((a, b) -> {
                    throw new AssertionError("asked twice about session " + session);
                }).orElseThrow();
    }
}
