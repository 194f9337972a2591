package dev.arena.instances.internal;

import static dev.arena.instances.internal.Players.createChallenge;
import static dev.arena.instances.internal.Players.webChallenge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The seed's race, 100 concurrent extends of one instance, and extends combined; run on each database by a subclass. */
abstract class ExtendRaceScenarios {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InstancesSettings settings;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void cleanUp() {
        Players.cleanUp(Players.engine(), settings.deployment());
    }

    @Test
    void hundredConcurrentExtendsCountExactly() throws Exception {
        Api alice = Api.signedIn(port, "alice");
        String base = instancePath(alice, "race");
        var started = alice.post(base, null);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        Instant expiry = Instant.parse(started.text("expiresAt"));

        List<Api.Response> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(threads.submit(() -> alice.post(base + "/extend", null)));
            }
            for (var call : calls) {
                answers.add(call.get());
            }
        }

        assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(40)
                .extracting(r -> r.json().path("extensions").asInt()).as("each extension its own count")
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 40).boxed().toList());
        assertThat(answers).filteredOn(r -> r.status() != 200)
                .allSatisfy(r -> assertThat(r.text("type")).as(r.toString()).isEqualTo("urn:arena:problem:extension-limit-reached"));
        var row = jdbc.sql("SELECT extensions, expires_at FROM instances WHERE id = ?").param(Long.parseLong(started.text("id")))
                .query((rs, n) -> Map.entry(rs.getInt(1), dev.arena.platform.Db.instant(rs, "expires_at"))).single();
        assertThat(row.getKey()).isEqualTo(40);
        assertThat(row.getValue()).isEqualTo(expiry.plusSeconds(400));
        assertThat(alice.get(base).json().path("extensionsLeft").asInt()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM instance_audit WHERE instance_id = ? AND kind = 'extended'")
                .param(Long.parseLong(started.text("id"))).query(Integer.class).single()).isEqualTo(40);
    }

    @Test
    void extendsQueuedBehindTheRowAreAnsweredTogether() throws Exception {
        Api alice = Api.signedIn(port, "alice");
        String base = instancePath(alice, "queue");
        long id = Long.parseLong(alice.post(base, null).text("id"));
        DistributionSummary combined = meters.get("arena.instances.extends.combined").summary();
        long transactionsBefore = combined.count();

        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("SELECT id FROM instances WHERE id = ? FOR UPDATE").param(id).query(Long.class).single();
            locked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        locked.await();
        List<Api.Response> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(threads.submit(() -> alice.post(base + "/extend", null)));
            }
            Thread.sleep(500); // all 20 arrive while the row is locked by another transaction
            release.countDown();
            for (var call : calls) {
                answers.add(call.get());
            }
        }
        holder.join();

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200))
                .extracting(r -> r.json().path("extensions").asInt())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(combined.count() - transactionsBefore).as("transactions for 20 extends").isLessThanOrEqualTo(4);
    }

    /** The instance path of a new challenge (10 s per extension, at most 40) in a new project of its own. */
    private static String instancePath(Api owner, String name) {
        String project = owner.createProject(owner.createOrg(name), name);
        String challenge = createChallenge(owner, project, webChallenge(name, Map.of(
                "command", List.of("sleep", "300"), "lifetimeSeconds", 600, "extensionSeconds", 10, "maxExtensions", 40,
                "maxTotalSeconds", 100_000)));
        return "/v1/projects/" + project + "/challenges/" + challenge + "/instance";
    }
}
