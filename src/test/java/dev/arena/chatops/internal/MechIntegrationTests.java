package dev.arena.chatops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The mech over HTTP: donations by managers and by a Ko-fi-style webhook holding the project's token. */
@ArenaTest
class MechIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void donationsFromOperatorsAndTheWebhookPowerTheMech() {
        Api admin = Api.signedIn(port, "mech-admin");
        String project = Fixtures.project(admin, "mech");
        String mech = "/v1/projects/" + project + "/mech";
        String token = admin.put(mech + "/webhook-token", Map.of()).text("token");
        Api kofi = Api.at(port);
        String data = "{\"verification_token\":\"" + token + "\",\"amount\":\"15.00\",\"from_name\":\"Ada\",\"kofi_transaction_id\":\"tx-1\"}";

        assertThat(admin.post(mech + "/donations", Map.of("amount", 12, "donor", "Grace")).status()).isEqualTo(201);
        var hook = kofi.send("POST", mech + "/donations/webhook", "data=" + URLEncoder.encode(data, StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        var repeated = kofi.send("POST", mech + "/donations/webhook", data, Map.of());
        var view = admin.get(mech);

        assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
        assertThat(hook.json().path("counted").asBoolean()).isTrue();
        assertThat(repeated.json().path("counted").asBoolean()).as("a repeated delivery counts once").isFalse();
        assertThat(view.json().path("totalDonated").asDouble()).isEqualTo(27.0);
        assertThat(view.json().path("power").asDouble()).isCloseTo(27.0, within(0.01));
        assertThat(view.json().path("level").asInt()).isEqualTo(2);
    }

    @Test
    void theWebhookRefusesAWrongTokenAndBadAmounts() {
        Api admin = Api.signedIn(port, "mech-admin");
        String project = Fixtures.project(admin, "mech-guarded");
        String hook = "/v1/projects/" + project + "/mech/donations/webhook";
        Api stranger = Api.at(port);

        var unset = stranger.post(hook, Map.of("verification_token", "guess", "amount", "5"));
        var nowhere = stranger.post("/v1/projects/1/mech/donations/webhook", Map.of("verification_token", "guess", "amount", "5"));
        String token = admin.put("/v1/projects/" + project + "/mech/webhook-token", Map.of()).text("token");
        var wrong = stranger.post(hook, Map.of("verification_token", token + "x", "amount", "5"));

        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(404);
        assertThat(wrong.isProblem()).isTrue();
        assertThat(unset.body()).as("no token set answers as a wrong one").isEqualTo(wrong.body());
        assertThat(nowhere.body().replace("/v1/projects/1/", "/v1/projects/" + project + "/")).as("no such project answers as a wrong token")
                .isEqualTo(wrong.body());
        assertThat(stranger.post(hook, Map.of("verification_token", token, "amount", "-5")).text("field")).isEqualTo("amount");
        assertThat(stranger.post(hook, Map.of("verification_token", token, "amount", "lots")).text("field")).isEqualTo("amount");
        assertThat(stranger.send("POST", hook, "[1,2]", Map.of()).text("field")).isEqualTo("data");
        assertThat(admin.get("/v1/projects/" + project + "/mech").json().path("totalDonated").asDouble()).isZero();
        assertThat(Api.signedIn(port, "outsider").post("/v1/projects/" + project + "/mech/donations", Map.of("amount", 5)).status())
                .isEqualTo(404);
    }
}
