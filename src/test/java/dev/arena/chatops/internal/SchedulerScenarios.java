package dev.arena.chatops.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.chatops.ScheduleEvent;
import dev.arena.platform.Db;
import dev.arena.support.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * Scheduled actions, run by calling the scheduler with a chosen time (the tick passes the injected clock's
 * time): due runs, runs missed while Arena was down (caught up once or skipped and reported), and two
 * ticks racing for one run. Run on H2 and on PostgreSQL by its subclasses.
 */
@RecordApplicationEvents
abstract class SchedulerScenarios {

    static final Instant NOW = Instant.parse("2030-05-05T12:00:30Z");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Scheduler scheduler;

    @Autowired
    ApplicationEvents events;

    Api admin;
    String project;
    String challenge;

    @BeforeEach
    void setUp() {
        // Other tests' schedules fall due at NOW too; each test here counts only its own.
        jdbc.sql("UPDATE chatops_schedules SET enabled = FALSE").update();
        admin = Api.signedIn(port, "scheduler-admin");
        project = Fixtures.project(admin, "scheduled");
        challenge = Fixtures.challenge(admin, project, "nightly");
    }

    @Test
    void aScheduleShowsItsNextRunAndOnlyAdminsWriteIt() {
        var created = admin.post(schedules(), Map.of("name", "close at night", "cron", "0 0 22 * * *", "zone", "Europe/Berlin",
                "action", "close", "challengeId", challenge));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(Instant.parse(created.text("nextRunAt")).atZone(java.time.ZoneId.of("Europe/Berlin")).toLocalTime())
                .isEqualTo(java.time.LocalTime.of(22, 0));
        assertThat(created.text("missed")).isEqualTo("catch-up-once");
        assertThat(admin.get(schedules()).json().path("items").size()).isEqualTo(1);

        var changed = admin.patch(schedules() + "/" + created.text("id"), Map.of("enabled", false));
        assertThat(changed.json().path("nextRunAt").isNull()).isTrue();
        assertThat(admin.post(schedules(), Map.of("name", "bad", "cron", "whenever", "action", "close", "challengeId", challenge))
                .text("field")).isEqualTo("cron");
        assertThat(admin.post(schedules(), Map.of("name", "bad", "cron", "0 0 22 * * *", "action", "explode", "challengeId", challenge))
                .text("field")).isEqualTo("action");
        assertThat(admin.post(schedules(), Map.of("name", "bad", "cron", "0 0 22 * * *", "action", "restart", "container", "db"))
                .status()).isEqualTo(404);
        assertThat(admin.delete(schedules() + "/" + created.text("id")).status()).isEqualTo(204);
    }

    @Test
    void aReaderSeesSchedulesButCannotWriteThem() {
        String org = admin.get("/v1/projects/" + project).text("orgId");
        Api reader = Api.at(port).bearer(admin.post("/v1/orgs/" + org + "/projects/" + project + "/tokens", Map.of("role", "writer"))
                .text("access_token"));
        schedule("seen", "0 0 22 * * *", "close", "catch-up-once");

        assertThat(reader.get(schedules()).json().path("items").size()).isEqualTo(1);
        var refused = reader.post(schedules(), Map.of("name", "mine", "cron", "0 0 22 * * *", "action", "close", "challengeId", challenge));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
    }

    @Test
    void aDueRunRunsOnceAndMovesToTheNextOccurrence() {
        long id = schedule("hourly close", "0 0 * * * *", "close", "catch-up-once");
        dueAt(id, NOW.minusSeconds(30));

        assertThat(scheduler.runDue(NOW)).isEqualTo(1);

        assertThat(open()).isFalse();
        assertThat(column(id, "last_outcome")).isEqualTo("ok");
        assertThat(nextRun(id)).isEqualTo("2030-05-05T13:00:00Z");
        assertThat(scheduler.runDue(NOW)).as("nothing due any more").isZero();
        assertThat(ran(id)).singleElement().satisfies(e -> assertThat(((ScheduleEvent.ScheduleRan) e).caughtUp()).isZero());
    }

    @Test
    void runsMissedWhileDownAreCaughtUpOnce() {
        long id = schedule("catch up", "0 0 * * * *", "close", "catch-up-once");
        dueAt(id, Instant.parse("2030-05-05T07:00:00Z"));

        assertThat(scheduler.runDue(NOW)).isEqualTo(1);

        assertThat(open()).isFalse();
        assertThat(column(id, "last_outcome")).isEqualTo("ok");
        assertThat(column(id, "last_detail")).contains("catching up 5 missed");
        assertThat(ran(id)).singleElement().satisfies(e -> assertThat(((ScheduleEvent.ScheduleRan) e).caughtUp()).isEqualTo(5));
        assertThat(audits(id)).isEqualTo(1);
        assertThat(nextRun(id)).isEqualTo("2030-05-05T13:00:00Z");
    }

    @Test
    void runsMissedWhileDownAreSkippedAndReportedWhenTheScheduleSaysSo() {
        long id = schedule("skip", "0 0 * * * *", "close", "skip-and-report");
        dueAt(id, Instant.parse("2030-05-05T09:00:00Z"));

        assertThat(scheduler.runDue(NOW)).isEqualTo(1);

        assertThat(open()).as("the action did not run").isTrue();
        assertThat(column(id, "last_outcome")).isEqualTo("skipped");
        assertThat(events.stream(ScheduleEvent.ScheduleSkipped.class).filter(e -> e.scheduleId() == id))
                .singleElement().satisfies(e -> assertThat(e.missed()).isEqualTo(4));
        assertThat(audits(id)).isEqualTo(1);
    }

    @Test
    void aFailedRunIsRecordedAndPublished() {
        long id = schedule("reopen", "0 0 * * * *", "open", "catch-up-once");
        jdbc.sql("UPDATE chatops_schedules SET target = '999' WHERE id = ?").param(id).update();
        dueAt(id, NOW.minusSeconds(30));

        scheduler.runDue(NOW);

        assertThat(column(id, "last_outcome")).isEqualTo("failed");
        assertThat(events.stream(ScheduleEvent.ScheduleFailed.class).filter(e -> e.scheduleId() == id)).hasSize(1);
    }

    @Test
    void twoTicksRacingRunAScheduleAtMostOnce() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long id = schedule("race " + i, "0 0 * * * *", i % 2 == 0 ? "close" : "open", "catch-up-once");
            dueAt(id, NOW.minusSeconds(30));
            ids.add(id);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> ticks = new ArrayList<>();
        try (ExecutorService nodes = Executors.newFixedThreadPool(4)) {
            for (int node = 0; node < 4; node++) {
                ticks.add(nodes.submit(() -> {
                    start.await();
                    return scheduler.runDue(NOW);
                }));
            }
            start.countDown();
            int claimed = 0;
            for (Future<Integer> tick : ticks) {
                claimed += tick.get();
            }
            assertThat(claimed).isEqualTo(5);
        }
        for (long id : ids) {
            assertThat(audits(id)).as("schedule " + id).isEqualTo(1);
        }
    }

    private String schedules() {
        return "/v1/projects/" + project + "/schedules";
    }

    private long schedule(String name, String cron, String action, String missed) {
        var created = admin.post(schedules(), Map.of("name", name, "cron", cron, "action", action, "challengeId", challenge,
                "missed", missed));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return Long.parseLong(created.text("id"));
    }

    private void dueAt(long id, Instant at) {
        jdbc.sql("UPDATE chatops_schedules SET next_run_at = ? WHERE id = ?").params(Db.ts(at), id).update();
    }

    private boolean open() {
        return jdbc.sql("SELECT open FROM challenges WHERE id = ?").param(Long.parseLong(challenge)).query(Boolean.class).single();
    }

    private String column(long id, String column) {
        return jdbc.sql("SELECT " + column + " FROM chatops_schedules WHERE id = ?").param(id).query(String.class).single();
    }

    private String nextRun(long id) {
        return admin.get(schedules() + "/" + id).text("nextRunAt");
    }

    private int audits(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM chatops_audit WHERE actor = ?").param("schedule:" + id).query(Integer.class).single();
    }

    private List<ScheduleEvent> ran(long id) {
        return events.stream(ScheduleEvent.ScheduleRan.class).filter(e -> e.scheduleId() == id).map(ScheduleEvent.class::cast).toList();
    }
}
