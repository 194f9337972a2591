package dev.arena.chatops.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.chatops.Caller;
import dev.arena.chatops.ChatCommands;
import dev.arena.chatops.Command;
import dev.arena.chatops.Reply;
import dev.arena.identity.ProjectAccess;
import dev.arena.instances.ChallengeControl;
import dev.arena.instances.DelegatedInstances;
import dev.arena.platform.RateLimiter;
import dev.arena.evaluations.EvaluationQueue;
import dev.arena.evaluations.ProjectEvaluations;
import dev.arena.threats.ThreatBlocks;
import dev.arena.threats.ThreatDashboard;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every chat-ops command through the command layer, as Discord and the console call it, permission denials
 * included: unmapped channels, unlinked accounts, missing roles, a channel's role ceiling, a container's
 * allow-list, cooldowns. Actions that need the container engine are in {@link CommandsOnEngineIntegrationTests}.
 */
@ArenaTest
class CommandLayerIntegrationTests {

    static final AtomicLong SNOWFLAKES = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ChatCommands commands;

    @Autowired
    DiscordRoles roles;

    @Autowired
    ManagedContainers containers;

    @Autowired
    ChallengeControl challengeControl;

    Api admin;
    long project;
    String challenge;
    String publicChannel;
    String opsChannel;
    String playerRole;
    String staffRole;

    @BeforeEach
    void setUp() {
        admin = Api.signedIn(port, "discord-admin");
        project = Long.parseLong(Fixtures.project(admin, "discord"));
        challenge = Fixtures.challenge(admin, Long.toString(project), "web");
        publicChannel = snowflake();
        opsChannel = snowflake();
        playerRole = snowflake();
        staffRole = snowflake();
        map("channel", publicChannel, "reader");
        map("channel", opsChannel, "admin");
        map("role", playerRole, "reader");
        map("role", staffRole, "manager");
        containers.put(new ManagedContainers.Managed(project, "db", "no-such-container-" + snowflake(),
                EnumSet.of(Command.ContainerAction.RESTART, Command.ContainerAction.LOGS)));
    }

    @Test
    void anUnmappedChannelRefusesEverything() {
        Reply reply = commands.handle(Caller.discord(snowflake(), snowflake(), List.of(staffRole)), new Command.Status());

        assertThat(reply.outcome()).isEqualTo(Reply.Outcome.DENIED);
        assertThat(reply.personal()).isTrue();
    }

    @Test
    void statusAnswersAnyoneWithARoleInTheProject() {
        Reply reply = commands.handle(Caller.discord(snowflake(), publicChannel, List.of(playerRole)), new Command.Status());

        assertThat(reply.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(reply.fields()).extracting(Reply.Field::name).contains("Challenges", "Live instances", "Mech level");
        assertThat(reply.fields().getFirst().value()).isEqualTo("1 (1 open)");
        assertThat(commands.handle(Caller.discord(snowflake(), publicChannel, List.of()), new Command.Status()).outcome())
                .as("no mapped role, no linked account").isEqualTo(Reply.Outcome.DENIED);
    }

    @Test
    void aLinkCodeFromTheConsoleLinksADiscordAccountOnce() {
        Api player = Api.signedIn(port, "linker");
        var code = player.post("/v1/users/me/discord-link", null);
        String discordUser = snowflake();

        Reply linked = commands.handle(Caller.discord(discordUser, snowflake(), List.of()), new Command.Link(code.text("code")));
        Reply again = commands.handle(Caller.discord(snowflake(), snowflake(), List.of()), new Command.Link(code.text("code")));

        assertThat(code.status()).isEqualTo(201);
        assertThat(code.text("expiresAt")).isNotBlank();
        assertThat(linked.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(again.outcome()).as("a code works once").isEqualTo(Reply.Outcome.REFUSED);
        assertThat(commands.handle(Caller.console(1, project), new Command.Link("ABC")).outcome()).isEqualTo(Reply.Outcome.DENIED);
        assertThat(jdbc.sql("SELECT user_id FROM chatops_discord_links WHERE discord_user = ?").param(discordUser)
                .query(Long.class).single()).isEqualTo(Fixtures.userId(player));
    }

    @Test
    void aLinkedAccountActsWithItsOwnArenaRole() {
        String discordUser = linked(admin);

        Reply reply = commands.handle(Caller.discord(discordUser, opsChannel, List.of()), new Command.Containers(null, null));

        assertThat(reply.outcome()).as("the project's admin, without any mapped Discord role").isEqualTo(Reply.Outcome.OK);
    }

    @Test
    void instanceCommandsNeedALinkedAccount() {
        Reply reply = commands.handle(Caller.discord(snowflake(), publicChannel, List.of(playerRole)),
                new Command.Instance(Command.InstanceAction.START, "web"));

        assertThat(reply.outcome()).isEqualTo(Reply.Outcome.DENIED);
        assertThat(reply.text()).contains("/arena link");
        assertThat(audited("instance start")).containsExactly("denied");
    }

    @Test
    void aClosedChallengeOrAnUnknownOneRefusesAStart() {
        String discordUser = linked(admin);
        challengeControl.close(project, Long.parseLong(challenge));

        Reply closed = commands.handle(Caller.discord(discordUser, publicChannel, List.of()), new Command.Instance(Command.InstanceAction.START, "web"));
        Reply unknown = commands.handle(Caller.discord(discordUser, publicChannel, List.of()),
                new Command.Instance(Command.InstanceAction.START, "nope"));
        Reply stop = commands.handle(Caller.discord(discordUser, publicChannel, List.of()), new Command.Instance(Command.InstanceAction.STOP, "web"));

        assertThat(closed.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(closed.text()).contains("closed");
        assertThat(unknown.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(stop.outcome()).as("no live instance to stop").isEqualTo(Reply.Outcome.REFUSED);
        assertThat(audited("instance start")).containsExactlyInAnyOrder("refused", "refused");
    }

    @Test
    void aClosedChallengeRefusesAStartOverHttpWithAProblem() {
        challengeControl.close(project, Long.parseLong(challenge));

        var refused = admin.post("/v1/projects/" + project + "/challenges/" + challenge + "/instance", null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).isEqualTo("urn:arena:problem:challenge-closed");
    }

    @Test
    void containersAreForManagersAndOnlyInAChannelThatAllowsIt() {
        Caller player = Caller.discord(snowflake(), opsChannel, List.of(playerRole));
        Caller staffInPublic = Caller.discord(snowflake(), publicChannel, List.of(staffRole));
        Caller staffInOps = Caller.discord(snowflake(), opsChannel, List.of(staffRole));
        var restart = new Command.Containers(Command.ContainerAction.RESTART, "db");

        assertThat(commands.handle(player, new Command.Containers(null, null)).outcome()).isEqualTo(Reply.Outcome.DENIED);
        assertThat(commands.handle(player, restart).outcome()).isEqualTo(Reply.Outcome.DENIED);
        assertThat(commands.handle(staffInPublic, restart).outcome()).as("the public channel caps at reader").isEqualTo(Reply.Outcome.DENIED);

        Reply list = commands.handle(staffInOps, new Command.Containers(null, null));
        assertThat(list.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(list.buttons()).extracting(Reply.Button::actionId).containsExactlyInAnyOrder("containers restart db", "containers logs db");
        assertThat(list.buttons()).allSatisfy(b -> assertThat(Command.parse(b.actionId())).isPresent());
        assertThat(audited("container restart")).containsExactly("denied", "denied");
    }

    @Test
    void aContainerRefusesActionsOutsideItsAllowListAndUnknownContainersAreRefused() {
        Caller staff = Caller.discord(snowflake(), opsChannel, List.of(staffRole));

        Reply stop = commands.handle(staff, new Command.Containers(Command.ContainerAction.STOP, "db"));
        Reply unknown = commands.handle(staff, new Command.Containers(Command.ContainerAction.RESTART, "web"));
        Reply engine = commands.handle(staff, new Command.Containers(Command.ContainerAction.RESTART, "db"));

        assertThat(stop.outcome()).isEqualTo(Reply.Outcome.DENIED);
        assertThat(stop.text()).contains("does not allow stop");
        assertThat(unknown.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(engine.outcome()).as("the container is gone from the engine").isEqualTo(Reply.Outcome.FAILED);
        assertThat(audited("container stop")).containsExactly("denied");
        assertThat(audited("container restart")).containsExactlyInAnyOrder("refused", "failed");
    }

    @Test
    void queueShowsTheProjectsEvaluationsToManagersAndTheWholeQueueToOperators() {
        String id = admin.post("/v1/projects/" + project + "/evaluations", Map.of("language", "shell", "source", "echo from-chat")).text("id");
        Caller staff = Caller.discord(snowflake(), opsChannel, List.of(staffRole));

        Reply reply = commands.handle(staff, new Command.Queue());

        assertThat(reply.outcome()).isEqualTo(Reply.Outcome.OK);
        Map<String, String> fields = fields(reply);
        assertThat(fields).containsOnlyKeys("Queued", "Running", "Latest outcomes").as("not an operator: no whole queue");
        assertThat(fields.get("Queued").equals("1") || fields.get("Running").equals("1") || fields.get("Latest outcomes").contains("#" + id))
                .as("the evaluation is counted wherever it is in its life: %s", fields).isTrue();
        Reply operator = commands.handle(Caller.discord(linked(Fixtures.operator(port, jdbc)), opsChannel, List.of(staffRole)), new Command.Queue());
        assertThat(fields(operator).get("Whole queue")).matches("\\d+ queued, \\d+ running \\(\\d+ on this node\\).* dead letters");
    }

    @Test
    void queueIsDeniedBelowManagers() {
        Caller player = Caller.discord(snowflake(), opsChannel, List.of(playerRole));
        Caller staffInPublic = Caller.discord(snowflake(), publicChannel, List.of(staffRole));
        Caller nobody = Caller.discord(snowflake(), opsChannel, List.of());

        assertThat(List.of(player, staffInPublic, nobody)).allSatisfy(caller -> {
            Reply reply = commands.handle(caller, new Command.Queue());
            assertThat(reply.outcome()).isEqualTo(Reply.Outcome.DENIED);
            assertThat(reply.fields()).isEmpty();
        });
    }

    @Test
    void threatsSumsUpTheProjectsStoredEventsAndBlocks() {
        String minute = java.time.Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString()
                .replace(":00Z", ":");
        var ingested = admin.send("POST", "/v1/projects/" + project + "/threats/events",
                dev.arena.threats.CowrieFixture.text().replace("2026-11-20T10:15:", minute), Map.of("Content-Type", "application/x-ndjson"));
        assertThat(ingested.status()).as(ingested.toString()).isEqualTo(202);
        var block = admin.post("/v1/projects/" + project + "/threats/blocks", Map.of("address", "198.51.100.7", "duration", "1h"));
        assertThat(block.status()).as(block.toString()).isEqualTo(201);
        Caller player = Caller.discord(snowflake(), publicChannel, List.of(playerRole));

        Reply reply = dev.arena.threats.Threats.await(() -> commands.handle(player, new Command.Threats()),
                r -> fields(r).getOrDefault("Events", "").startsWith(dev.arena.threats.CowrieFixture.EVENTS + " "));

        assertThat(reply.outcome()).isEqualTo(Reply.Outcome.OK);
        Map<String, String> fields = fields(reply);
        assertThat(fields.get("Top sources")).startsWith(dev.arena.threats.CowrieFixture.SOURCE + " (20 events)");
        assertThat(fields.get("Top techniques").lines()).hasSize(CommandLayer.SHOWN).allSatisfy(line -> assertThat(line).matches("T\\d{4}.* \\(1 sessions\\)"));
        // The pipeline's own policies may have blocked the replayed attacker by now as well.
        assertThat(fields.get("Blocks in force")).matches("[12]: .*").contains("198.51.100.7");
    }

    @Test
    void threatsAreDeniedWithoutARoleAndShowNothingOfAnotherProject() {
        Reply empty = commands.handle(Caller.discord(snowflake(), publicChannel, List.of(playerRole)), new Command.Threats());

        assertThat(fields(empty)).containsEntry("Events", "0 (0.0 per minute, busiest minute 0)").containsEntry("Top sources", "none")
                .containsEntry("Blocks in force", "0");
        assertThat(commands.handle(Caller.discord(snowflake(), publicChannel, List.of()), new Command.Threats()).outcome())
                .isEqualTo(Reply.Outcome.DENIED);
    }

    @Test
    void scheduleListsTheProjectsSchedulesWithTheirNextRun() {
        admin.post("/v1/projects/" + project + "/schedules", Map.of("name", "close-at-night", "cron", "0 0 22 * * *",
                "action", "close", "challengeId", challenge));

        Reply reply = commands.handle(Caller.discord(snowflake(), publicChannel, List.of(playerRole)), new Command.Schedules());

        assertThat(reply.fields()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("close-at-night");
            assertThat(f.value()).contains("close " + challenge).contains("last never").doesNotContain("next never");
        });
    }

    @Test
    void scheduleAndMechAreDeniedWithoutARoleAndShowNothing() {
        admin.post("/v1/projects/" + project + "/schedules", Map.of("name", "secret-schedule", "cron", "0 0 22 * * *",
                "action", "close", "challengeId", challenge));
        admin.post("/v1/projects/" + project + "/mech/donations", Map.of("amount", 7, "donor", "secret-donor"));
        Caller unmappedRole = Caller.discord(snowflake(), publicChannel, List.of(snowflake()));
        Caller nobody = Caller.discord(snowflake(), publicChannel, List.of());
        Caller elsewhere = Caller.discord(snowflake(), snowflake(), List.of(staffRole));

        for (Command command : List.of(new Command.Schedules(), new Command.Mech())) {
            assertThat(List.of(unmappedRole, nobody, elsewhere)).allSatisfy(caller -> {
                Reply reply = commands.handle(caller, command);
                assertThat(reply.outcome()).as(command + " by " + caller).isEqualTo(Reply.Outcome.DENIED);
                assertThat(reply.fields()).isEmpty();
                assertThat(reply.text()).doesNotContain("secret-schedule", "7.00");
            });
        }
    }

    @Test
    void aLinkedUserWithoutARoleInTheProjectIsDeniedEverything() {
        String discordUser = linked(Api.signedIn(port, "linked-outsider"));
        Caller outsider = Caller.discord(discordUser, opsChannel, List.of());

        for (Command command : List.of(new Command.Status(), new Command.Containers(null, null),
                new Command.Containers(Command.ContainerAction.RESTART, "db"), new Command.Instance(Command.InstanceAction.START, "web"),
                new Command.Queue(), new Command.Threats(), new Command.Schedules(), new Command.Mech())) {
            Reply reply = commands.handle(outsider, command);
            assertThat(reply.outcome()).as(command.toString()).isEqualTo(Reply.Outcome.DENIED);
            assertThat(reply.fields()).as(command.toString()).isEmpty();
        }
        assertThat(audited("instance start")).containsExactly("denied");
        assertThat(audited("container restart")).containsExactly("denied");
    }

    @Test
    void mechShowsPowerAndLevel() {
        admin.post("/v1/projects/" + project + "/mech/donations", Map.of("amount", 12, "donor", "ada"));

        Reply reply = commands.handle(Caller.discord(snowflake(), publicChannel, List.of(playerRole)), new Command.Mech());

        assertThat(reply.fields()).extracting(Reply.Field::value).first().asString().startsWith("12.00").hasSize(5);
        assertThat(reply.fields()).extracting(Reply.Field::name, Reply.Field::value).contains(org.assertj.core.groups.Tuple.tuple("Level", "1"));
    }

    @Test
    void theConsoleUsesTheUsersOwnRole() {
        Api stranger = Api.signedIn(port, "stranger");

        assertThat(commands.handle(Caller.console(Fixtures.userId(admin), project), new Command.Containers(null, null)).outcome())
                .isEqualTo(Reply.Outcome.OK);
        assertThat(commands.handle(Caller.console(Fixtures.userId(stranger), project), new Command.Status()).outcome())
                .isEqualTo(Reply.Outcome.DENIED);
    }

    @Test
    void oneCallersActionsAreSpacedByTheCooldown(@Autowired DiscordLinks links, @Autowired ProjectAccess access,
                                                 @Autowired DelegatedInstances instances, @Autowired Schedules schedules, @Autowired Mechs mechs,
                                                 @Autowired ProjectEvaluations evaluations, @Autowired EvaluationQueue queue,
                                                 @Autowired ThreatDashboard dashboard, @Autowired ThreatBlocks blocks,
                                                 @Autowired ChatopsAudit audit, @Autowired RateLimiter limits, @Autowired ChatopsSettings settings,
                                                 @Autowired Clock clock) {
        var slow = new ChatopsSettings(settings.scheduleTick(), settings.missedAfter(), Duration.ofHours(1),
                settings.linkCodeTtl(), settings.mechDecayPerDay(), settings.mechThresholds(), settings.discordApiUrl(), settings.discordGatewayUrl(),
                settings.discordBot(), settings.discordLease());
        var layer = new CommandLayer(roles, links, access, instances, containers, schedules, mechs, evaluations, queue, dashboard, blocks, audit,
                limits, slow, clock);
        Caller staff = Caller.discord(snowflake(), opsChannel, List.of(staffRole));

        Reply first = layer.handle(staff, new Command.Containers(Command.ContainerAction.LOGS, "db"));
        Reply second = layer.handle(staff, new Command.Containers(Command.ContainerAction.LOGS, "db"));
        Reply other = layer.handle(Caller.discord(snowflake(), opsChannel, List.of(staffRole)), new Command.Containers(Command.ContainerAction.LOGS, "db"));

        assertThat(first.outcome()).isEqualTo(Reply.Outcome.FAILED);
        assertThat(second.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(second.text()).contains("Slow down");
        assertThat(other.outcome()).as("another caller has a cooldown of their own").isEqualTo(Reply.Outcome.FAILED);
    }

    @Test
    void roleMappingsAreManagedByAdmins() {
        String path = "/v1/projects/" + project + "/discord-roles";

        assertThat(admin.get(path).json().path("items").size()).isEqualTo(4);
        assertThat(admin.put(path + "/role/x1", Map.of("role", "reader")).text("field")).isEqualTo("discordId");
        assertThat(admin.put(path + "/team/123", Map.of("role", "reader")).text("field")).isEqualTo("kind");
        assertThat(admin.put(path + "/role/123", Map.of("role", "god")).text("field")).isEqualTo("role");
        assertThat(admin.delete(path + "/role/" + playerRole).status()).isEqualTo(204);
        assertThat(admin.delete(path + "/role/" + playerRole).status()).isEqualTo(404);
    }

    /** Regression: another tenant's older project used to take a mapped channel over (the lowest project id won). */
    @Test
    void aChannelMappedByOneProjectIsRefusedToAnotherTenantAndKeepsItsProject() {
        Api intruder = Api.signedIn(port, "channel-intruder");
        String older = Fixtures.project(intruder, "intruder");
        String path = "/v1/projects/" + older + "/discord-roles/channel/" + opsChannel;

        var taken = intruder.put(path, Map.of("role", "admin"));

        assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
        assertThat(taken.text("type")).isEqualTo("urn:arena:problem:channel-taken");
        assertThat(taken.text("field")).isEqualTo("discordId");
        assertThat(taken.text("detail")).doesNotContain(Long.toString(project));
        assertThat(intruder.get("/v1/projects/" + older + "/discord-roles").json().path("items").size()).isZero();
        assertThat(intruder.delete(path).status()).as("nothing of it to remove").isEqualTo(404);
        assertThat(roles.channel(opsChannel)).get().extracting(DiscordRoles.Mapping::projectId).isEqualTo(project);
        assertThat(commands.handle(Caller.discord(linked(intruder), opsChannel, List.of()), new Command.Containers(null, null)).outcome())
                .as("the intruder has no role in the channel's project").isEqualTo(Reply.Outcome.DENIED);
        assertThat(admin.put("/v1/projects/" + project + "/discord-roles/channel/" + opsChannel, Map.of("role", "manager")).status())
                .as("the owning project still changes its own mapping").isEqualTo(200);
    }

    @Test
    void aRemovedChannelMayBeMappedByAnotherProject() {
        String other = Fixtures.project(admin, "discord-next");
        assertThat(admin.delete("/v1/projects/" + project + "/discord-roles/channel/" + publicChannel).status()).isEqualTo(204);

        assertThat(admin.put("/v1/projects/" + other + "/discord-roles/channel/" + publicChannel, Map.of("role", "reader")).status())
                .isEqualTo(200);
        assertThat(roles.channel(publicChannel)).get().extracting(DiscordRoles.Mapping::projectId).isEqualTo(Long.parseLong(other));
    }

    @Test
    void oneDiscordRoleMayServeProjectsOfSeveralTenantsAndCountsOnlyInTheirOwnChannels() {
        Api otherTenant = Api.signedIn(port, "role-sharer");
        String theirs = Fixtures.project(otherTenant, "role-sharer");
        String theirChannel = snowflake();
        assertThat(otherTenant.put("/v1/projects/" + theirs + "/discord-roles/role/" + playerRole, Map.of("role", "admin")).status()).isEqualTo(200);
        assertThat(otherTenant.put("/v1/projects/" + theirs + "/discord-roles/channel/" + theirChannel, Map.of("role", "admin")).status())
                .isEqualTo(200);

        Caller playerHere = Caller.discord(snowflake(), opsChannel, List.of(playerRole));
        assertThat(commands.handle(playerHere, new Command.Containers(null, null)).outcome())
                .as("another tenant mapping the same role to admin gives nothing here").isEqualTo(Reply.Outcome.DENIED);
        assertThat(commands.handle(playerHere, new Command.Status()).outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(commands.handle(Caller.discord(snowflake(), theirChannel, List.of(playerRole)), new Command.Containers(null, null)).outcome())
                .as("in their own channel their mapping counts").isEqualTo(Reply.Outcome.OK);
    }

    private static Map<String, String> fields(Reply reply) {
        return reply.fields().stream().collect(java.util.stream.Collectors.toMap(Reply.Field::name, Reply.Field::value));
    }

    private void map(String kind, String id, String role) {
        var put = admin.put("/v1/projects/" + project + "/discord-roles/" + kind + "/" + id, Map.of("role", role));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
    }

    private String linked(Api user) {
        String discordUser = snowflake();
        String code = user.post("/v1/users/me/discord-link", null).text("code");
        assertThat(commands.handle(Caller.discord(discordUser, snowflake(), List.of()), new Command.Link(code)).outcome())
                .isEqualTo(Reply.Outcome.OK);
        return discordUser;
    }

    private List<String> audited(String action) {
        return jdbc.sql("SELECT outcome FROM chatops_audit WHERE project_id = ? AND action = ? AND source = 'discord'")
                .params(project, action).query(String.class).list();
    }

    private static String snowflake() {
        return Long.toString(SNOWFLAKES.incrementAndGet());
    }
}
