package dev.arena.chatops.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.chatops.ScheduleEvent;
import dev.arena.chatops.internal.Fixtures;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.threats.ThreatAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The real JDA bot of a whole Arena against {@link DiscordStandIn}, a local server speaking Discord's REST API
 * and Gateway protocol (Discord itself cannot be reached from here). The token, server and alert channel are
 * set through the encrypted settings API, as an operator sets them.
 */
@ArenaTest
class DiscordWireIntegrationTests {

    static final String TOKEN = "MTE.stand-in.bot-token";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final DiscordStandIn discord = new DiscordStandIn(TOKEN);

    @DynamicPropertySource
    static void discordAtTheStandIn(DynamicPropertyRegistry properties) {
        properties.add("arena.chatops.discord-api-url", discord::apiUrl);
        properties.add("arena.chatops.discord-gateway-url", discord::gatewayUrl);
        properties.add("arena.chatops.discord-bot", () -> "true");
    }

    @AfterAll
    static void stopTheStandIn() throws Exception {
        discord.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    Api operator;

    @BeforeEach
    void connectTheBot() {
        discord.forget();
        operator = Fixtures.operator(port, jdbc);
        assertThat(operator.put("/v1/admin/settings/discord.guild", Map.of("value", discord.guildId)).status()).isEqualTo(200);
        assertThat(operator.put("/v1/admin/settings/discord.alert-channel", Map.of("value", discord.channelId)).status()).isEqualTo(200);
        assertThat(operator.put("/v1/admin/settings/discord.token", Map.of("value", TOKEN)).status()).isEqualTo(200);
        discord.awaitCall(c -> c.method().equals("PUT") && c.path().endsWith("/commands"), WAIT);
    }

    /** Every context of the run shares the database: no other context may find a token left behind. */
    @AfterEach
    void removeTheDiscordSettings() {
        for (String name : List.of("discord.token", "discord.guild", "discord.alert-channel")) {
            operator.delete("/v1/admin/settings/" + name);
        }
        DiscordStandIn.await(() -> discord.openSessions() == 0, WAIT, "the bot disconnects");
    }

    @Test
    void theBotIdentifiesWithItsTokenAndRegistersArenaInTheServer() {
        JsonNode identify = discord.identifies().getLast();
        DiscordStandIn.Call registration = discord.awaitCall(c -> c.method().equals("PUT")
                && c.path().equals("/applications/" + discord.applicationId + "/guilds/" + discord.guildId + "/commands"), WAIT);

        assertThat(discord.gatewayQueries()).singleElement().asString()
                .contains("v=10", "encoding=json", "compress=zlib-stream");
        assertThat(identify.path("token").asString()).isEqualTo(TOKEN);
        assertThat(identify.path("properties").path("browser").asString()).isEqualTo("JDA");
        assertThat(registration.authorization()).isEqualTo("Bot " + TOKEN);
        JsonNode arena = registration.body().get(0);
        assertThat(arena.path("name").asString()).isEqualTo("arena");
        assertThat(names(arena.path("options"), 1)).containsExactlyInAnyOrder("status", "link", "containers", "queue", "threats", "schedule", "mech");
        assertThat(names(arena.path("options"), 2)).containsExactlyInAnyOrder("instance", "container");
        assertThat(discord.openSessions()).isEqualTo(1);
    }

    @Test
    void threatAlertsAndFailedSchedulesArePostedToTheAlertChannel() {
        events.publishEvent(new ThreatAlert(7, 8L, "203.0.113.9", "high", "brute force on ssh, source blocked", List.of("T1110"), Instant.now()));
        events.publishEvent(new ScheduleEvent.ScheduleFailed(1, 7, "nightly restart", Instant.now(), "restart", "no such container"));

        DiscordStandIn.Call threat = discord.awaitCall(c -> posted(c).contains("brute force on ssh"), WAIT);
        DiscordStandIn.Call schedule = discord.awaitCall(c -> posted(c).contains("nightly restart"), WAIT);

        assertThat(threat.path()).isEqualTo("/channels/" + discord.channelId + "/messages");
        assertThat(posted(threat)).isEqualTo("Threat (high, project 7): brute force on ssh, source blocked [T1110]");
        assertThat(posted(schedule)).isEqualTo("Schedule 'nightly restart' (project 7): restart failed: no such container");
        assertThat(threat.authorization()).isEqualTo("Bot " + TOKEN);
    }

    @Test
    void aBlockMadeByHandThroughTheApiIsPostedToTheAlertChannel() {
        Api admin = Api.signedIn(port, "wire-blocker");
        String project = Fixtures.project(admin, "wire-blocks");
        String blocks = "/v1/projects/" + project + "/threats/blocks";

        var made = admin.post(blocks, Map.of("address", "198.18.7.50", "duration", "1h", "reason", "ssh brute force on the honeypot"));

        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        try {
            DiscordStandIn.Call alert = discord.awaitCall(c -> posted(c).contains("198.18.7.50"), WAIT);
            assertThat(posted(alert)).startsWith("Threat (medium, project " + project + "): Blocked 198.18.7.50 at Arena's API by hand (user "
                    + admin.get("/v1/users/me").text("id") + ") until " + made.text("expiresAt").substring(0, 16))
                    .endsWith(": ssh brute force on the honeypot");
        } finally {
            admin.delete(blocks + "/" + made.text("id"));
        }
    }

    @Test
    void commandsAndButtonsAreAcknowledgedAndAnsweredThroughTheInteraction() {
        Api admin = Api.signedIn(port, "wire-admin");
        String project = Fixtures.project(admin, "wire");
        assertThat(admin.put("/v1/projects/" + project + "/discord-roles/channel/" + discord.channelId, Map.of("role", "reader")).status())
                .isEqualTo(200);
        String playerRole = discord.playerRoleId;
        assertThat(admin.put("/v1/projects/" + project + "/discord-roles/role/" + playerRole, Map.of("role", "reader")).status())
                .isEqualTo(200);
        String linkedUser = discord.snowflake();
        String code = admin.post("/v1/users/me/discord-link", null).text("code");

        String link = discord.slashCommand(linkedUser, List.of(), "link", "code", code);
        String linkAck = acknowledged(link, true);
        assertThat(followUp(linkAck)).contains("now linked");

        String status = discord.slashCommand(linkedUser, List.of(), "status", null, null);
        assertThat(followUp(acknowledged(status, false))).isEqualTo("Arena is up.\n**Challenges**: 0 (0 open)\n**Live instances**: 0\n**Mech level**: 0");

        String stranger = discord.slashCommand(discord.snowflake(), List.of(), "status", null, null);
        assertThat(followUp(acknowledged(stranger, false))).isEqualTo("You have no role in this project here.");

        String press = discord.buttonPress(discord.snowflake(), List.of(playerRole), "status");
        assertThat(followUp(acknowledged(press, false))).as("a player through their mapped Discord role").startsWith("Arena is up.");
    }

    @Test
    void anUnknownButtonIsAnsweredInTheCallbackItself() {
        String press = discord.buttonPress(discord.snowflake(), List.of(), "format disk");

        DiscordStandIn.Call callback = discord.awaitCall(c -> c.path().startsWith("/interactions/" + press + "/"), WAIT);

        assertThat(callback.body().path("type").asInt()).as("CHANNEL_MESSAGE_WITH_SOURCE").isEqualTo(4);
        assertThat(callback.body().path("data").path("content").asString()).isEqualTo("Unknown command.");
        assertThat(callback.body().path("data").path("flags").asInt() & 64).as("ephemeral").isEqualTo(64);
    }

    @Test
    void removingTheTokenDisconnectsTheBot() {
        assertThat(operator.delete("/v1/admin/settings/discord.token").status()).isEqualTo(204);

        DiscordStandIn.await(() -> discord.openSessions() == 0, WAIT, "the bot disconnects");
        int before = discord.calls().size();
        events.publishEvent(new ThreatAlert(7, 9L, "203.0.113.10", "low", "after the token was removed", List.of(), Instant.now()));
        assertThat(discord.calls().subList(before, discord.calls().size())).as("nothing posted while off").isEmpty();
    }

    /** The deferred acknowledgement (type 5) of an interaction, checked; returns its token for the follow-up. */
    private static String acknowledged(String interaction, boolean ephemeral) {
        DiscordStandIn.Call callback = discord.awaitCall(c -> c.path().startsWith("/interactions/" + interaction + "/"), WAIT);
        assertThat(callback.method()).isEqualTo("POST");
        assertThat(callback.body().path("type").asInt()).as("DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE").isEqualTo(5);
        assertThat((callback.body().path("data").path("flags").asInt() & 64) != 0).as("ephemeral").isEqualTo(ephemeral);
        return callback.path().split("/")[3];
    }

    private static String followUp(String interactionToken) {
        return discord.awaitCall(c -> c.method().equals("POST")
                && c.path().equals("/webhooks/" + discord.applicationId + "/" + interactionToken), WAIT).body().path("content").asString();
    }

    private static String posted(DiscordStandIn.Call call) {
        return call.method().equals("POST") && call.path().startsWith("/channels/") && call.body() != null
                ? call.body().path("content").asString("") : "";
    }

    private static List<String> names(JsonNode options, int type) {
        List<String> names = new ArrayList<>();
        StreamSupport.stream(options.spliterator(), false).filter(o -> o.path("type").asInt() == type)
                .forEach(o -> names.add(o.path("name").asString()));
        return names;
    }
}
