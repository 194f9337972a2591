package dev.arena.instances.internal;

import static dev.arena.instances.internal.Players.createChallenge;
import static dev.arena.instances.internal.Players.webChallenge;
import static dev.arena.support.SecondNode.AT_ONCE;
import static dev.arena.support.SecondNode.seenWithin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.platform.ResourceNotFound;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;
import dev.arena.support.SecondNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes on one PostgreSQL database: this test's Arena (the first node, asked over HTTP) and a
 * {@link SecondNode} made of the same parts — {@link Instances}, {@link Policies}, {@link Owners} and {@link Challenges} over
 * shared caches that listen as a node's do. A change committed on either node is in the other's cached
 * answers within a second, and still after the second node's listening connection was killed: what it may
 * have missed meanwhile is forgotten when it listens again.
 */
@ArenaTest
@OnPostgres
class SharedCachesOnPostgresTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InstancesSettings settings;

    private SecondNode second;
    private Instances secondInstances;
    private Policies secondPolicies;
    private Owners secondOwners;
    private Challenges secondChallenges;

    @BeforeEach
    void startSecondNode() {
        second = SecondNode.start();
        secondInstances = new Instances(second.jdbc(), second.caches());
        secondPolicies = new Policies(second.jdbc(), settings, second.caches());
        secondOwners = new Owners(second.jdbc(), secondPolicies, second.caches());
        secondChallenges = new Challenges(second.jdbc(), null, Clock.systemUTC(), second.caches());
    }

    @AfterEach
    void stopSecondNode() {
        second.close();
        Players.cleanUp(Players.engine(), settings.deployment());
    }

    @Test
    void anExtendAndAStopOnTheFirstNodeAreInTheSecondNodesStatusAtOnce() {
        Api alice = Api.signedIn(port, "shared-status");
        Started started = start(alice, "shared-status");
        assertThat(secondStatus(started).extensions()).isZero();

        extend(alice, started);
        seenWithin(AT_ONCE, () -> secondStatus(started), status -> status.extensions() == 1);

        var stopped = alice.delete(started.path());
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(204);
        seenWithin(AT_ONCE, () -> secondStatus(started), status -> status.status() == Instance.Status.STOPPED);
    }

    @Test
    void aStopOnTheSecondNodeIsInTheFirstNodesAnswersAtOnce() {
        Api alice = Api.signedIn(port, "second-stops");
        Started started = start(alice, "second-stops");
        assertThat(alice.get(started.path()).text("status")).isEqualTo("running");
        Instance instance = secondStatus(started);

        assertThat(secondInstances.claimForStop(instance)).as("claimed outside a transaction").isTrue();
        seenWithin(AT_ONCE, () -> alice.get(started.path()).text("status"), "stopping"::equals);

        second.tx().executeWithoutResult(s -> assertThat(secondInstances.end(instance, Instance.Status.STOPPED, null, Instant.now())).isTrue());
        seenWithin(AT_ONCE, () -> alice.get(started.path()).text("status"), "stopped"::equals);
    }

    @Test
    void aPolicySetOnEitherNodeIsTheOthersAtOnce() {
        Api alice = Api.signedIn(port, "shared-policy");
        String project = alice.createProject(alice.createOrg("shared-policy"), "shared-policy");
        String policyPath = "/v1/projects/" + project + "/instance-policy";
        long projectId = Long.parseLong(project);
        assertThat(alice.get(policyPath).json().path("maxRunningPerPlayer").asInt()).isEqualTo(settings.maxRunningPerPlayer());
        assertThat(secondPolicies.of(projectId).maxRunningPerPlayer()).isEqualTo(settings.maxRunningPerPlayer());

        var set = alice.put(policyPath, Map.of("maxRunningPerPlayer", 9));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        seenWithin(AT_ONCE, () -> secondPolicies.of(projectId).maxRunningPerPlayer(), max -> max == 9);

        second.tx().executeWithoutResult(s -> secondPolicies.put(new Policies.Policy(projectId, Policies.Ownership.TEAM, 7, 50)));
        seenWithin(AT_ONCE, () -> alice.get(policyPath).json(),
                policy -> policy.path("ownership").asText().equals("team") && policy.path("maxRunningPerPlayer").asInt() == 7);
    }

    @Test
    void aChallengeChangedOrDeletedOnTheFirstNodeIsTheSecondNodesAtOnce() {
        Api alice = Api.signedIn(port, "shared-challenge");
        String project = alice.createProject(alice.createOrg("shared-challenge"), "shared-challenge");
        String challenge = createChallenge(alice, project, webChallenge("shared-challenge", Map.of()));
        String path = "/v1/projects/" + project + "/challenges/" + challenge;
        long projectId = Long.parseLong(project);
        long challengeId = Long.parseLong(challenge);
        assertThat(secondChallenges.get(projectId, challengeId).memoryMib()).isEqualTo(32);

        var changed = alice.patch(path, Map.of("memoryMib", 48));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        seenWithin(AT_ONCE, () -> secondChallenges.get(projectId, challengeId).memoryMib(), memory -> memory == 48);

        var deleted = alice.delete(path);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        seenWithin(AT_ONCE, () -> {
            try {
                return secondChallenges.get(projectId, challengeId).name();
            } catch (ResourceNotFound gone) {
                return "gone";
            }
        }, "gone"::equals);
    }

    @Test
    void aPlayerMovedToAnotherTeamOnTheFirstNodeIsOwnedByThatTeamOnTheSecondAtOnce() {
        Api alice = Api.signedIn(port, "moved-player");
        String org = alice.createOrg("moved-player");
        long project = Long.parseLong(alice.createProject(org, "moved-player"));
        String red = alice.post("/v1/orgs/" + org + "/teams", Map.of("name", "red")).text("id");
        String blue = alice.post("/v1/orgs/" + org + "/teams", Map.of("name", "blue")).text("id");
        long aliceId = Long.parseLong(alice.get("/v1/users/me").text("id"));
        String members = "/v1/orgs/" + org + "/teams/%s/members/" + aliceId;
        assertThat(alice.put(members.formatted(red), Map.of()).status()).isEqualTo(204);
        assertThat(alice.put("/v1/projects/" + project + "/instance-policy", Map.of("ownership", "team")).status()).isEqualTo(200);
        seenWithin(AT_ONCE, () -> secondOwners.of(project, aliceId), ("team-" + red)::equals);

        assertThat(alice.delete(members.formatted(red)).status()).isEqualTo(204);
        assertThat(alice.put(members.formatted(blue), Map.of()).status()).isEqualTo(204);

        seenWithin(AT_ONCE, () -> secondOwners.of(project, aliceId), ("team-" + blue)::equals);
    }

    @Test
    void aNodeWhoseListeningConnectionWasKilledForgetsWhatItMayHaveMissed() throws InterruptedException {
        Api alice = Api.signedIn(port, "listener-killed");
        Started started = start(alice, "listener-killed");
        Thread.sleep(500); // the start's notices reach the second node within milliseconds: none is on its way after this
        assertThat(secondStatus(started).extensions()).isZero();
        jdbc.sql("UPDATE instances SET extensions = 2 WHERE id = ?").param(started.id()).update();
        Thread.sleep(200);
        assertThat(secondStatus(started).extensions()).as("a change no notice announced is not seen from the cache").isZero();

        int killed = second.listenerBackend();
        assertThat(jdbc.sql("SELECT pg_terminate_backend(?)").param(killed).query(Boolean.class).single()).isTrue();

        seenWithin(AT_ONCE, () -> secondStatus(started), status -> status.extensions() == 2);
        assertThat(second.listenerBackend()).as("listening on a new connection").isPositive().isNotEqualTo(killed);
        extend(alice, started);
        seenWithin(AT_ONCE, () -> secondStatus(started), status -> status.extensions() == 3);
    }

    /** An instance started over HTTP on the first node, and where its owner's status is asked. */
    private record Started(long id, long challengeId, String owner, String path) {
    }

    private Started start(Api player, String name) {
        String project = player.createProject(player.createOrg(name), name);
        String challenge = createChallenge(player, project, webChallenge(name, Map.of(
                "command", List.of("sleep", "300"), "lifetimeSeconds", 600, "extensionSeconds", 10, "maxExtensions", 5,
                "maxTotalSeconds", 10_000)));
        String path = "/v1/projects/" + project + "/challenges/" + challenge + "/instance";
        var started = player.post(path, null);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        long id = Long.parseLong(started.text("id"));
        String owner = jdbc.sql("SELECT owner FROM instances WHERE id = ?").param(id).query(String.class).single();
        return new Started(id, Long.parseLong(challenge), owner, path);
    }

    private static void extend(Api player, Started started) {
        var extended = player.post(started.path() + "/extend", null);
        assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
    }

    /** The owner's status as the second node serves it: from its cache. */
    private Instance secondStatus(Started started) {
        return secondInstances.latest(started.challengeId(), started.owner()).orElseThrow();
    }
}
