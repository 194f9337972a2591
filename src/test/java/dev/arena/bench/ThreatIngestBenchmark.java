package dev.arena.bench;

import dev.arena.threats.CowrieFixture;
import dev.arena.threats.enrich.AttackRules;
import dev.arena.threats.ingest.EventKind;
import dev.arena.threats.ingest.EventParser;
import dev.arena.threats.ingest.ThreatEvent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * The threat pipeline's CPU work per event before storage: parsing a recorded Cowrie session (20 events,
 * NDJSON) and matching every event against the ATT&CK rules, in nanoseconds per session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThreatIngestBenchmark {

    /** A session midway: enough failures and commands for the threshold rules to be evaluated, none fired yet. */
    private static final AttackRules.SessionCounts SESSION = new AttackRules.SessionCounts() {
        @Override
        public int count(EventKind kind) {
            return 3;
        }

        @Override
        public int distinct(String field) {
            return 2;
        }

        @Override
        public boolean fired(String ruleId) {
            return false;
        }
    };

    private final byte[] cowrie = CowrieFixture.bytes();
    private final EventParser parser = new EventParser(JsonMapper.builder().build());
    private final AttackRules rules = AttackRules.load("threats/attack-rules.yaml");

    /** Parses the session and returns how many rules its events fire. */
    @Benchmark
    public int parseAndMatchCowrieSession() {
        int fired = 0;
        for (ThreatEvent event : parser.parse(cowrie, true).events()) {
            fired += rules.match(event, SESSION).size();
        }
        return fired;
    }
}
