package dev.arena.threats.decide;

import dev.arena.platform.Db;
import dev.arena.threats.enrich.AttackRules;
import dev.arena.threats.explain.Analysis;
import dev.arena.threats.explain.Analyst;
import dev.arena.threats.explain.SessionDigest;
import dev.arena.threats.ingest.EventKind;
import dev.arena.threats.score.Score;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Analyses of attacker sessions: requested when a policy responds to a session (by the pipeline) or when a
 * session is read and its stored analysis is missing or out of date; kept in {@code threat_analyses}, the
 * latest per session.
 *
 * <p>Nothing here blocks its caller on the analyst: a request loads the session's digest on one background
 * thread (a bounded queue of {@value #QUEUE}; a request over it is dropped and counted in
 * {@code arena.threats.analyses.dropped}, and the next read asks again), and the analyst answers on its own
 * threads within its timeout. One request per session is under way at a time.
 */
@Component("threatSessionAnalyses")
public class SessionAnalyses implements AutoCloseable {

    static final int QUEUE = 1_000;
    private static final Logger log = LoggerFactory.getLogger(SessionAnalyses.class);

    private final Analyst analyst;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AttackRules rules;
    private final Clock clock;
    private final Counter dropped;
    private final Set<Long> underWay = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE), Thread.ofPlatform().daemon().name("threat-analyses").factory());

    SessionAnalyses(Analyst analyst, JdbcClient jdbc, JsonMapper json, AttackRules rules, Clock clock, MeterRegistry meters) {
        this.analyst = analyst;
        this.jdbc = jdbc;
        this.json = json;
        this.rules = rules;
        this.clock = clock;
        this.dropped = Counter.builder("arena.threats.analyses.dropped").description("analysis requests dropped: their queue was full")
                .register(meters);
    }

    /**
     * An analysis as the API shows it.
     *
     * @param source  {@code model} (the LLM analyst wrote it) or {@code rules} (the deterministic summary)
     * @param at      when it was stored; null for a rule-based summary made for this read
     * @param pending a newer analysis (the model's) has been asked for and is not there yet
     */
    public record View(String text, String source, @Nullable String model, String signature, @Nullable Instant at, boolean pending) {
    }

    /** Asks for an analysis of the session in the background; returns at once. */
    void request(long projectId, long sessionId) {
        submit(sessionId, () -> digest(projectId, sessionId).<CompletableFuture<?>>map(this::ask).orElse(CompletableFuture.completedFuture(null)));
    }

    /**
     * The session's analysis for a reader: the stored one when it was made for the session as it is now (by the
     * model, or by the rules when no model is configured); otherwise the stored or rule-based one, marked
     * pending while a new one is asked for in the background. Empty for an unknown session.
     */
    public Optional<View> read(long projectId, long sessionId) {
        Optional<SessionDigest> digest = digest(projectId, sessionId);
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        Analysis now = Analyst.ruleBased(digest.get());
        View stored = stored(sessionId);
        boolean current = stored != null && stored.signature().equals(now.signature());
        if (current && (stored.source().equals("model") || !analyst.usesModel())) {
            return Optional.of(stored);
        }
        submit(sessionId, () -> ask(digest.get()));
        return Optional.of(current ? new View(stored.text(), stored.source(), stored.model(), stored.signature(), stored.at(), analyst.usesModel())
                : new View(now.text(), now.source(), now.model(), now.signature(), null, analyst.usesModel()));
    }

    /** Runs {@code work} on the background thread unless the session has a request under way; it is done when the future is. */
    private void submit(long sessionId, Supplier<CompletableFuture<?>> work) {
        if (!underWay.add(sessionId)) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    work.get().whenComplete((done, failed) -> {
                        underWay.remove(sessionId);
                        if (failed != null) {
                            log.warn("Could not analyse threat session {}: {}", sessionId, failed.toString());
                        }
                    });
                } catch (RuntimeException e) {
                    underWay.remove(sessionId);
                    log.warn("Could not analyse threat session {}: {}", sessionId, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            underWay.remove(sessionId);
            dropped.increment();
        }
    }

    /**
     * Asks the analyst; its answer is stored when it comes (on the analyst's thread, within its timeout). The
     * background thread does not wait for it.
     */
    private CompletableFuture<?> ask(SessionDigest digest) {
        return analyst.explain(digest).thenAccept(analysis -> save(digest, analysis));
    }

    private void save(SessionDigest digest, Analysis analysis) {
        var at = Db.ts(clock.instant());
        int updated = jdbc.sql("UPDATE threat_analyses SET signature = ?, source = ?, model = ?, text = ?, created_at = ? WHERE session_id = ?")
                .params(analysis.signature(), analysis.source(), analysis.model(), analysis.text(), at, digest.sessionId()).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO threat_analyses (session_id, project_id, signature, source, model, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(digest.sessionId(), digest.projectId(), analysis.signature(), analysis.source(), analysis.model(),
                            analysis.text(), at)
                    .update();
        }
    }

    private @Nullable View stored(long sessionId) {
        return jdbc.sql("SELECT signature, source, model, text, created_at FROM threat_analyses WHERE session_id = ?").param(sessionId)
                .query((rs, n) -> new View(rs.getString("text"), rs.getString("source"), rs.getString("model"), rs.getString("signature"),
                        Db.instant(rs, "created_at"), false))
                .optional().orElse(null);
    }

    /** What the analyst is told about a session: its row (counts, distinct values, score) and its first 20 URLs. */
    Optional<SessionDigest> digest(long projectId, long sessionId) {
        List<String> urls = urls(sessionId);
        return jdbc.sql("""
                        SELECT source, country, asn, as_org, first_seen, last_seen, techniques, state, score, score_drivers
                        FROM threat_sessions WHERE project_id = ? AND id = ?""")
                .params(projectId, sessionId)
                .query((rs, n) -> {
                    JsonNode state = json.readTree(rs.getString("state"));
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    state.path("counts").properties().forEach(e -> counts.put(kindName(e.getKey()), e.getValue().asInt()));
                    Map<String, String> techniques = new LinkedHashMap<>();
                    for (String id : rs.getString("techniques").split(",")) {
                        if (!id.isEmpty()) {
                            String name = rules.techniqueName(id);
                            techniques.put(id, name == null ? id : name);
                        }
                    }
                    long asn = rs.getLong("asn");
                    String as = rs.wasNull() ? null : "AS" + asn + (rs.getString("as_org") == null ? "" : " " + rs.getString("as_org"));
                    return new SessionDigest(projectId, sessionId, rs.getString("source"), rs.getString("country"), as,
                            Db.instant(rs, "first_seen"), Db.instant(rs, "last_seen"), counts, techniques, strings(state.path("usernames")),
                            strings(state.path("commands")), urls, score(rs.getObject("score") == null ? null : rs.getDouble("score"),
                                    rs.getString("score_drivers")));
                })
                .optional();
    }

    private List<String> urls(long sessionId) {
        return jdbc.sql("SELECT url FROM threat_events WHERE session_id = ? AND url IS NOT NULL ORDER BY at FETCH FIRST 20 ROWS ONLY")
                .param(sessionId).query(String.class).list();
    }

    private @Nullable Score score(@Nullable Double value, @Nullable String drivers) {
        if (value == null || drivers == null) {
            return null;
        }
        List<Score.Attribution> list = new ArrayList<>();
        json.readTree(drivers).forEach(d -> list.add(new Score.Attribution(d.path("feature").asString(), d.path("weight").asDouble())));
        return new Score(value, list);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString()));
        return out;
    }

    /** A stored count's key (the event kind's enum name) as the API names kinds, e.g. {@code login.failed}. */
    private static String kindName(String key) {
        try {
            return EventKind.valueOf(key).wireName();
        } catch (IllegalArgumentException e) {
            return key.toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
