package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.evaluations.Language;
import dev.arena.platform.Ids;
import dev.arena.platform.ResourceNotFound;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts submissions: checks them against the node's limits, queues them (once per idempotency key)
 * and wakes a worker; waits for results when asked.
 */
@Service
class Submissions {

    private final Evaluations evaluations;
    private final Signals signals;
    private final EvaluationSettings settings;
    private final Ids ids;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final CallbackTargets callbackTargets;

    Submissions(Evaluations evaluations, Signals signals, EvaluationSettings settings, Ids ids, Clock clock,
                TransactionTemplate transactions, CallbackTargets callbackTargets) {
        this.callbackTargets = callbackTargets;
        this.evaluations = evaluations;
        this.signals = signals;
        this.settings = settings;
        this.ids = ids;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** Raw limits from a request; null means the default. */
    record RequestedLimits(@Nullable Long wallTimeMs, @Nullable Long memoryMb, @Nullable Integer pids, @Nullable Integer outputBytes) {
    }

    /**
     * Checks a request and makes a submission of it.
     *
     * @throws InvalidSubmission naming the first field out of range
     */
    Submission check(String languageName, String source, @Nullable String stdin, @Nullable RequestedLimits requested,
                     List<TestCase> tests, boolean stopOnFailure, @Nullable String callbackUrl, @Nullable String key, String prefix) {
        Language language = Language.ALL.stream().filter(l -> l.name().equals(languageName)).findFirst()
                .orElseThrow(() -> new InvalidSubmission(prefix + "language", "Unknown language '" + languageName + "'; GET /v1/languages lists them."));
        requireSize(prefix + "source", source, settings.maxSource().toBytes());
        requireSize(prefix + "stdin", stdin == null ? "" : stdin, settings.maxStdin().toBytes());
        if (tests.size() > settings.maxTests()) {
            throw new InvalidSubmission(prefix + "tests", "At most " + settings.maxTests() + " tests per submission.");
        }
        for (int i = 0; i < tests.size(); i++) {
            requireSize(prefix + "tests[" + i + "].stdin", tests.get(i).stdin(), settings.maxStdin().toBytes());
        }
        if (callbackUrl != null) {
            checkCallback(prefix + "callbackUrl", callbackUrl);
        }
        if (key != null && (key.isBlank() || key.length() > 200)) {
            throw new InvalidSubmission("Idempotency-Key", "The Idempotency-Key header must be 1-200 characters.");
        }
        return new Submission(language, source, stdin == null ? "" : stdin, tests, stopOnFailure, callbackUrl,
                limits(requested, prefix + "limits."), key);
    }

    private void checkCallback(String field, String url) {
        if (settings.callbackSecret() == null) {
            throw new InvalidSubmission(field, "Callbacks are off on this node (arena.evaluations.callback-secret is unset); poll, "
                    + "use ?wait=true or the events stream.");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || url.length() > 2000 || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new InvalidSubmission(field, field + " must be an absolute http or https URL of at most 2000 characters.");
        }
        String refusal = callbackTargets.refusal(uri);
        if (refusal != null) {
            throw new InvalidSubmission(field, "Callbacks may not go to " + url + ": " + refusal + ".");
        }
    }

    private Limits limits(@Nullable RequestedLimits r, String prefix) {
        RequestedLimits given = r == null ? new RequestedLimits(null, null, null, null) : r;
        long wall = within(prefix + "wallTimeMs", given.wallTimeMs(), settings.defaultWall().toMillis(), 100, settings.maxWall().toMillis());
        long memoryMb = within(prefix + "memoryMb", given.memoryMb(), settings.defaultMemory().toMegabytes(), 16,
                settings.maxMemory().toMegabytes());
        long pids = within(prefix + "pids", given.pids() == null ? null : given.pids().longValue(), settings.defaultPids(), 8, settings.maxPids());
        long output = within(prefix + "outputBytes", given.outputBytes() == null ? null : given.outputBytes().longValue(),
                settings.defaultOutput().toBytes(), 1, settings.maxOutput().toBytes());
        return new Limits(wall, memoryMb << 20, (int) pids, (int) output);
    }

    private static long within(String field, @Nullable Long value, long fallback, long min, long max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw new InvalidSubmission(field, field + " must be " + min + " to " + max + ", was " + value + ".");
        }
        return value;
    }

    private static void requireSize(String field, String text, long max) {
        if (text.getBytes(StandardCharsets.UTF_8).length > max) {
            throw new InvalidSubmission(field, field + " is larger than " + max + " bytes.");
        }
    }

    /** Queues a submission, or finds the one queued earlier with the same idempotency key. */
    Evaluation submit(long projectId, String submittedBy, Submission submission) {
        Instant now = clock.instant();
        long id = ids.next();
        try {
            evaluations.insert(id, projectId, submittedBy, submission, now);
        } catch (DuplicateKeyException e) {
            return evaluations.findByKey(projectId, submission.idempotencyKey()).orElseThrow(() -> e);
        }
        signals.workQueued(1);
        return queuedView(id, projectId, submittedBy, submission, now);
    }

    /**
     * Queues many in one transaction; with an idempotency key, the i-th gets {@code key#i}, and a retried
     * batch returns the first batch's evaluations.
     */
    List<Evaluation> submitAll(long projectId, String submittedBy, List<Submission> submissions, @Nullable String key) {
        if (key != null) {
            Optional<Evaluation> first = evaluations.findByKey(projectId, key + "#0");
            if (first.isPresent()) {
                return java.util.stream.IntStream.range(0, submissions.size()).mapToObj(i -> evaluations.findByKey(projectId, key + "#" + i).orElseThrow()).toList();
            }
        }
        Instant now = clock.instant();
        List<Evaluation> queued = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            for (Submission s : submissions) {
                long id = ids.next();
                evaluations.insert(id, projectId, submittedBy, s, now);
                queued.add(queuedView(id, projectId, submittedBy, s, now));
            }
        });
        signals.workQueued(queued.size());
        return queued;
    }

    /** The evaluation once it has a result, or as it is after {@code max-wait}. */
    Evaluation awaitResult(long projectId, long id) throws InterruptedException {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        Evaluation seen = evaluations.find(projectId, id).orElseThrow(() -> new ResourceNotFound("evaluation"));
        while (!seen.status().terminal() && System.nanoTime() < deadline) {
            seen = awaitChange(seen, deadline - System.nanoTime());
        }
        return seen;
    }

    /**
     * The evaluation once its status differs from {@code seen}'s, or as it is after {@code nanos}. Jobs
     * running on another node are noticed by looking again every second.
     */
    Evaluation awaitChange(Evaluation seen, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            var latch = signals.watch(seen.id());
            try {
                Evaluation now = evaluations.find(seen.projectId(), seen.id()).orElseThrow(() -> new ResourceNotFound("evaluation"));
                long left = deadline - System.nanoTime();
                if (now.status() != seen.status() || now.attempts() != seen.attempts() || left <= 0) {
                    return now;
                }
                latch.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            } finally {
                signals.unwatch(seen.id(), latch);
            }
        }
    }

    private static Evaluation queuedView(long id, long projectId, String by, Submission s, Instant now) {
        return new Evaluation(id, projectId, by, s.idempotencyKey(), s.language().name(), s.source(), s.stdin(), s.tests(),
                s.stopOnFailure(), s.callbackUrl(), s.limits(), Status.QUEUED, 0, 0, now, null, null, null, null, null,
                false, false, null, null, null, List.of(), null);
    }
}
