package dev.arena.evaluations.internal;

import static dev.arena.platform.Db.instant;
import static dev.arena.platform.Db.nullableInstant;
import static dev.arena.platform.Db.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluations table, which is also the job queue. A claim takes the oldest due job with
 * {@code FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 2.4 both skip rows another transaction holds) and
 * raises its fence; every later write by the claiming worker names that fence and changes nothing once
 * another claim has raised it.
 */
@Repository
class Evaluations {

    /**
     * A worker's hold on one job: it may write the job only while the row's fence is still {@code fence}.
     *
     * @param backlog whether other jobs were due when it was claimed
     */
    record Claim(long id, long fence, int attempts, boolean backlog) {
    }

    private static final String COLUMNS = "id, project_id, submitted_by, idempotency_key, language, source, stdin, tests, "
            + "stop_on_failure, callback_url, wall_limit_ms, memory_limit, pids_limit, output_limit, status, fence, attempts, "
            + "queued_at, started_at, finished_at, exit_code, stdout, stderr, stdout_truncated, stderr_truncated, wall_ms, "
            + "cpu_ms, memory_peak, test_results, error";

    private static final TypeReference<List<TestCase>> TESTS = new TypeReference<>() {
    };
    private static final TypeReference<List<TestResult>> TEST_RESULTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    Evaluations(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Queues a submission.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the project already has an evaluation
     *                                                       with the same idempotency key
     */
    void insert(long id, long projectId, String submittedBy, Submission s, Instant now) {
        jdbc.sql("INSERT INTO evaluations (" + COLUMNS + ", available_at) VALUES (:id, :project, :by, :key, :language, :source, "
                        + ":stdin, :tests, :stop, :callback, :wall, :memory, :pids, :output, 'queued', 0, 0, :now, NULL, NULL, NULL, "
                        + "NULL, NULL, FALSE, FALSE, NULL, NULL, NULL, NULL, NULL, :now)")
                .param("id", id).param("project", projectId).param("by", submittedBy).param("key", s.idempotencyKey())
                .param("language", s.language().name()).param("source", s.source()).param("stdin", s.stdin())
                .param("tests", s.tests().isEmpty() ? null : json.writeValueAsString(s.tests()))
                .param("stop", s.stopOnFailure()).param("callback", s.callbackUrl())
                .param("wall", s.limits().wallMs()).param("memory", s.limits().memoryBytes())
                .param("pids", s.limits().pids()).param("output", s.limits().outputBytes())
                .param("now", ts(now))
                .update();
    }

    Optional<Evaluation> find(long projectId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM evaluations WHERE id = ? AND project_id = ?")
                .params(id, projectId).query(this::evaluation).optional();
    }

    Optional<Evaluation> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM evaluations WHERE id = ?").param(id).query(this::evaluation).optional();
    }

    Optional<Evaluation> findByKey(long projectId, String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM evaluations WHERE project_id = ? AND idempotency_key = ?")
                .params(projectId, idempotencyKey).query(this::evaluation).optional();
    }

    /**
     * A project's evaluations, newest first, below a cursor id; optionally only those of one submitter
     * ({@code user:<id>} or {@code client:<id>}) and only those in one status.
     */
    List<Evaluation> list(long projectId, @Nullable String submittedBy, @Nullable Status status, long before, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM evaluations WHERE project_id = :project AND id < :before"
                        + (submittedBy == null ? "" : " AND submitted_by = :by")
                        + (status == null ? "" : " AND status = :status") + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY")
                .param("project", projectId).param("before", before).param("limit", limit)
                .param("by", submittedBy == null ? "" : submittedBy)
                .param("status", status == null ? "" : status.wireName())
                .query(this::evaluation).list();
    }

    /**
     * Claims the oldest due job: a queued one whose retry time has come, or a running one whose lease
     * expired (its worker died or lost touch). Raises the fence and counts an attempt.
     */
    Optional<Claim> claim(String worker, Instant now, Instant leaseUntil) {
        return Optional.ofNullable(transactions.execute(tx -> {
            Optional<Long> due = jdbc.sql("""
                            SELECT id FROM evaluations
                             WHERE (status = 'queued' AND available_at <= :now) OR (status = 'running' AND lease_until < :now)
                             ORDER BY available_at, id FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED""")
                    .param("now", ts(now)).query(Long.class).optional();
            if (due.isEmpty()) {
                return null;
            }
            long id = due.get();
            jdbc.sql("""
                            UPDATE evaluations SET status = 'running', fence = fence + 1, attempts = attempts + 1,
                                   lease_owner = :worker, lease_until = :until, started_at = :now
                             WHERE id = :id""")
                    .param("worker", worker).param("until", ts(leaseUntil)).param("now", ts(now)).param("id", id).update();
            boolean backlog = jdbc.sql("""
                            SELECT id FROM evaluations WHERE status = 'queued' AND available_at <= :now AND id <> :id
                             FETCH FIRST 1 ROWS ONLY""")
                    .param("now", ts(now)).param("id", id).query(Long.class).optional().isPresent();
            return jdbc.sql("SELECT id, fence, attempts FROM evaluations WHERE id = ?").param(id)
                    .query((rs, n) -> new Claim(rs.getLong("id"), rs.getLong("fence"), rs.getInt("attempts"), backlog)).single();
        }));
    }

    /** Extends a lease; false when the fence no longer holds (another worker claimed the job). */
    boolean heartbeat(Claim claim, Instant leaseUntil) {
        return jdbc.sql("UPDATE evaluations SET lease_until = :until WHERE id = :id AND fence = :fence AND status = 'running'")
                .param("until", ts(leaseUntil)).param("id", claim.id()).param("fence", claim.fence()).update() == 1;
    }

    /**
     * Writes a result; false, and nothing written, when the fence no longer holds or the lease ran out before
     * {@code now}. A worker whose heartbeats failed (the database restarting) is taken for dead: its sandbox
     * may have been swept mid-run, and a run cut off that way looks like the program's own end (exit 137).
     * The job is claimed again instead.
     */
    boolean finish(Claim claim, RunResult result, List<TestResult> tests, Instant now) {
        return jdbc.sql("""
                        UPDATE evaluations SET status = :status, exit_code = :exit, stdout = :stdout, stderr = :stderr,
                               stdout_truncated = :outTruncated, stderr_truncated = :errTruncated, wall_ms = :wall,
                               cpu_ms = :cpu, memory_peak = :peak,
                               started_at = :started, finished_at = :finished, test_results = :tests, error = NULL,
                               lease_owner = NULL, lease_until = NULL,
                               callback_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END, callback_due_at = :finished
                         WHERE id = :id AND fence = :fence AND status = 'running' AND lease_until >= :now""")
                .param("now", ts(now)).param("status", result.status().wireName()).param("exit", result.exitCode())
                .param("stdout", result.stdout()).param("stderr", result.stderr())
                .param("outTruncated", result.stdoutTruncated()).param("errTruncated", result.stderrTruncated())
                .param("wall", result.wallMs()).param("cpu", result.cpuMs()).param("peak", result.memoryPeak())
                .param("started", ts(result.startedAt())).param("finished", ts(result.finishedAt()))
                .param("tests", tests.isEmpty() ? null : json.writeValueAsString(tests))
                .param("id", claim.id()).param("fence", claim.fence())
                .update() == 1;
    }

    /** Puts a job back in the queue after an infrastructure failure, due at {@code retryAt}; false when fenced off. */
    boolean retryLater(Claim claim, Instant retryAt, String error) {
        return jdbc.sql("""
                        UPDATE evaluations SET status = 'queued', available_at = :at, error = :error, started_at = NULL,
                               lease_owner = NULL, lease_until = NULL
                         WHERE id = :id AND fence = :fence AND status = 'running'""")
                .param("at", ts(retryAt)).param("error", clip(error)).param("id", claim.id()).param("fence", claim.fence())
                .update() == 1;
    }

    /** Ends a job as {@code internal_error}, where the dead-letter view finds it; false when fenced off. */
    boolean giveUp(Claim claim, Instant now, String error) {
        return jdbc.sql("""
                        UPDATE evaluations SET status = 'internal_error', finished_at = :now, error = :error,
                               lease_owner = NULL, lease_until = NULL,
                               callback_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END, callback_due_at = :now
                         WHERE id = :id AND fence = :fence AND status = 'running'""")
                .param("now", ts(now)).param("error", clip(error)).param("id", claim.id()).param("fence", claim.fence())
                .update() == 1;
    }

    /** Queues a dead-lettered job again with fresh attempts; false unless it was {@code internal_error}. */
    boolean requeue(long projectId, long id, Instant now) {
        return jdbc.sql("""
                        UPDATE evaluations SET status = 'queued', attempts = 0, available_at = :now, error = NULL,
                               started_at = NULL, finished_at = NULL
                         WHERE id = :id AND project_id = :project AND status = 'internal_error'""")
                .param("now", ts(now)).param("id", id).param("project", projectId).update() == 1;
    }

    /** Ends a queued job as {@code cancelled}; false unless it was still queued. */
    boolean cancel(long projectId, long id, Instant now) {
        return jdbc.sql("""
                        UPDATE evaluations SET status = 'cancelled', finished_at = :now,
                               callback_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END, callback_due_at = :now
                         WHERE id = :id AND project_id = :project AND status = 'queued'""")
                .param("now", ts(now)).param("id", id).param("project", projectId).update() == 1;
    }

    /** How many jobs wait or run in one language, and since when the oldest of them was queued. */
    record Depth(Status status, String language, long count, Instant oldestQueuedAt) {
    }

    /** The queued and running jobs of every project, by status and language. */
    List<Depth> depth() {
        return jdbc.sql("""
                        SELECT status, language, COUNT(*) AS n, MIN(queued_at) AS oldest FROM evaluations
                         WHERE status IN ('queued', 'running') GROUP BY status, language ORDER BY status, language""")
                .query((rs, n) -> new Depth(Status.fromWire(rs.getString("status")), rs.getString("language"), rs.getLong("n"),
                        instant(rs, "oldest"))).list();
    }

    /** The most recently dead-lettered jobs of every project. */
    List<Evaluation> deadLetters(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM evaluations WHERE status = 'internal_error' ORDER BY finished_at DESC, id DESC "
                        + "FETCH FIRST :limit ROWS ONLY")
                .param("limit", limit).query(this::evaluation).list();
    }

    /** A callback to deliver: the evaluation and which delivery attempt this is. */
    record CallbackClaim(long id, int attempt) {
    }

    /**
     * Claims the callback due longest, pushing its due time to {@code retryAt}, so that a deliverer that
     * dies leaves it to be claimed again then.
     */
    Optional<CallbackClaim> claimCallback(Instant now, Instant retryAt) {
        return Optional.ofNullable(transactions.execute(tx -> {
            Optional<Long> due = jdbc.sql("""
                            SELECT id FROM evaluations WHERE callback_state = 'pending' AND callback_due_at <= :now
                             ORDER BY callback_due_at, id FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED""")
                    .param("now", ts(now)).query(Long.class).optional();
            if (due.isEmpty()) {
                return null;
            }
            jdbc.sql("UPDATE evaluations SET callback_due_at = :at, callback_attempts = callback_attempts + 1 WHERE id = :id")
                    .param("at", ts(retryAt)).param("id", due.get()).update();
            return jdbc.sql("SELECT id, callback_attempts FROM evaluations WHERE id = ?").param(due.get())
                    .query((rs, n) -> new CallbackClaim(rs.getLong(1), rs.getInt(2))).single();
        }));
    }

    /** Records a callback's fate: delivered, due again at {@code retryAt}, or failed for good when that is null. */
    void callbackDone(long id, boolean delivered, @Nullable Instant retryAt) {
        String state = delivered ? "delivered" : retryAt == null ? "failed" : "pending";
        jdbc.sql("UPDATE evaluations SET callback_state = :state, callback_due_at = :at WHERE id = :id AND callback_state = 'pending'")
                .param("state", state).param("at", ts(retryAt)).param("id", id).update();
    }

    /** A callback's state: null without a callback URL, else pending, delivered or failed. */
    @Nullable String callbackState(long id) {
        return jdbc.sql("SELECT callback_state FROM evaluations WHERE id = ?").param(id).query(String.class).optional().orElse(null);
    }

    /** An evaluation's status and, while it runs, when its lease ends. */
    record Lease(Status status, @Nullable Instant until) {
    }

    Optional<Lease> leaseOf(long id) {
        return jdbc.sql("SELECT status, lease_until FROM evaluations WHERE id = ?").param(id)
                .query((rs, n) -> new Lease(Status.fromWire(rs.getString("status")), nullableInstant(rs, "lease_until"))).optional();
    }

    /** Jobs waiting to run, due or not. */
    long queued() {
        return jdbc.sql("SELECT COUNT(*) FROM evaluations WHERE status = 'queued'").query(Long.class).single();
    }

    private static String clip(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    private Evaluation evaluation(ResultSet rs, int row) throws SQLException {
        String tests = rs.getString("tests");
        String results = rs.getString("test_results");
        return new Evaluation(rs.getLong("id"), rs.getLong("project_id"), rs.getString("submitted_by"),
                rs.getString("idempotency_key"), rs.getString("language"), rs.getString("source"), rs.getString("stdin"),
                tests == null ? List.of() : json.readValue(tests, TESTS), rs.getBoolean("stop_on_failure"),
                rs.getString("callback_url"),
                new Limits(rs.getLong("wall_limit_ms"), rs.getLong("memory_limit"), rs.getInt("pids_limit"), rs.getInt("output_limit")),
                Status.fromWire(rs.getString("status")), rs.getLong("fence"), rs.getInt("attempts"),
                instant(rs, "queued_at"), nullableInstant(rs, "started_at"), nullableInstant(rs, "finished_at"),
                rs.getObject("exit_code", Integer.class), rs.getString("stdout"), rs.getString("stderr"),
                rs.getBoolean("stdout_truncated"), rs.getBoolean("stderr_truncated"), rs.getObject("wall_ms", Long.class),
                rs.getObject("cpu_ms", Long.class), rs.getObject("memory_peak", Long.class),
                results == null ? List.of() : json.readValue(results, TEST_RESULTS), rs.getString("error"));
    }
}
