package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.evaluations.Language;
import dev.arena.platform.Ids;
import dev.arena.support.Api;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The queue's promises, straight on the database: a job is claimed by one worker at a time, an expired
 * lease is claimed again, and a worker whose fence was raised writes nothing. No workers run here.
 */
abstract class QueueScenarios {

    @LocalServerPort
    int port;

    @Autowired
    Evaluations evaluations;

    @Autowired
    Ids ids;

    private long project;

    @BeforeEach
    void aProject() {
        Api owner = Api.signedIn(port, "queue");
        project = Long.parseLong(owner.createProject(owner.createOrg("Queue"), "queue"));
    }

    private long queue(Instant at) {
        long id = ids.next();
        var submission = new Submission(Language.SHELL, "echo hi", "", List.of(), false, null, new Limits(1000, 64 << 20, 16, 100), null);
        evaluations.insert(id, project, "user:1", submission, at);
        return id;
    }

    /** Claims everything due, but only this test's jobs count (other tests share the database). */
    private List<Long> claimAll(String worker, Instant now, List<Long> mine) {
        List<Long> claimed = new ArrayList<>();
        while (true) {
            var claim = evaluations.claim(worker, now, now.plusSeconds(60));
            if (claim.isEmpty()) {
                return claimed;
            }
            if (mine.contains(claim.get().id())) {
                claimed.add(claim.get().id());
            }
        }
    }

    @Test
    void severalWorkersNeverClaimTheSameJob() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            mine.add(queue(now.minusSeconds(1)));
        }
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newFixedThreadPool(6)) {
            List<Future<List<Long>>> workers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                String name = "w" + w;
                workers.add(pool.submit(() -> claimAll(name, now, mine)));
            }
            for (var worker : workers) {
                claimed.addAll(worker.get());
            }
        }
        assertThat(claimed).hasSize(mine.size()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(mine);
    }

    @Test
    void anExpiredLeaseIsClaimedAgainAndTheStaleWorkersResultIsDiscarded() {
        Instant now = Instant.now().plusSeconds(3600); // due before everything other tests queue
        long id = queue(now.minusSeconds(3600 * 2));
        var stale = claimFor(id, "stale", now, now.plusSeconds(5));
        var fresh = claimFor(id, "fresh", now.plusSeconds(6), now.plusSeconds(60));
        assertThat(fresh.fence()).isGreaterThan(stale.fence());
        assertThat(fresh.attempts()).isEqualTo(2);

        var result = new RunResult(Status.COMPLETED, 0, "late\n", "", false, false, 5, null, null, now, now);
        assertThat(evaluations.heartbeat(stale, now.plusSeconds(60))).isFalse();
        assertThat(evaluations.finish(stale, result, List.of(), now.plusSeconds(6))).isFalse();
        assertThat(evaluations.finish(fresh, new RunResult(Status.COMPLETED, 0, "fresh\n", "", false, false, 5, null, null, now, now), List.of(),
                now.plusSeconds(7))).isTrue();
        assertThat(evaluations.finish(stale, result, List.of(), now.plusSeconds(6))).isFalse();
        assertThat(evaluations.find(id).orElseThrow().stdout()).isEqualTo("fresh\n");
    }

    @Test
    void aResultWrittenAfterTheLeaseRanOutIsDiscardedAndTheJobRunsAgain() {
        Instant now = Instant.now().plusSeconds(5400); // due before everything other tests queue
        long id = queue(now.minusSeconds(5400 * 2));
        var lapsed = claimFor(id, "lapsed", now, now.plusSeconds(5));

        var result = new RunResult(Status.MEMORY_LIMIT, 137, "", "", false, false, 600, null, null, now, now.plusSeconds(6));
        assertThat(evaluations.finish(lapsed, result, List.of(), now.plusSeconds(6))).isFalse();
        assertThat(evaluations.find(id).orElseThrow().status()).isEqualTo(Status.RUNNING);
        assertThat(claimFor(id, "next", now.plusSeconds(6), now.plusSeconds(60)).attempts()).isEqualTo(2);
    }

    @Test
    void aJobPutBackAfterAnInfrastructureFailureWaitsForItsBackoff() {
        Instant now = Instant.now().plusSeconds(7200);
        long id = queue(now.minusSeconds(7200 * 2));
        var claim = claimFor(id, "w", now, now.plusSeconds(60));
        assertThat(evaluations.retryLater(claim, now.plusSeconds(10), "daemon_unreachable")).isTrue();
        assertThat(evaluations.find(id).orElseThrow().status()).isEqualTo(Status.QUEUED);

        assertThat(claimAll("w", now.plusSeconds(5), List.of(id))).isEmpty();
        assertThat(claimAll("w", now.plusSeconds(11), List.of(id))).containsExactly(id);
        var again = evaluations.find(id).orElseThrow();
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.error()).isEqualTo("daemon_unreachable");
    }

    /** Claims until this job comes up (other tests' due jobs are claimed on the way, and left alone). */
    private Evaluations.Claim claimFor(long id, String worker, Instant now, Instant leaseUntil) {
        for (int i = 0; i < 10_000; i++) {
            var claim = evaluations.claim(worker, now, leaseUntil).orElseThrow(() -> new AssertionError("job " + id + " not claimable"));
            if (claim.id() == id) {
                return claim;
            }
        }
        throw new AssertionError("job " + id + " never came up");
    }
}
