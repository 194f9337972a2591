#!/usr/bin/env bash
# ./arena bench threats — the threat pipeline's budgets (issue 5), through the whole pipeline with persistence:
#   1. sustained Cowrie-like events from many source addresses (198.18.0.0/15), NDJSON batches through
#      POST /v1/projects/{p}/threats/events at BENCH_RATE events/min for BENCH_SECONDS: events/min accepted and
#      fully processed (stored, scored and decided on: the queue drained), 429s         (goal >= 1,000,000/min)
#   2. p50/p99 from an event's acceptance to its session's decision, from Arena's arena.threats.decision
#      histogram                                                                          (goal p99 < 100 ms)
#      and, for information, to its batch's commit (arena.threats.stored: the decision does not wait for it)
#   3. Arena's RSS, and its heap after a full GC, after the run, with the events stored
#   4. the same load again with the LLM analyst pointed at a stand-in that answers after BENCH_LLM_DELAY_MS
#      (6000: slower than the analyst's 5 s timeout), then at one that never answers: the pipeline must not
#      degrade (analyses are requested when a policy responds; the responses' rate limit is raised so that
#      they are many)
# Prints a markdown table; raw results in target/bench/threats-<time>/. Knobs (environment):
#   BENCH_SECONDS (60), BENCH_RATE (1200000 events/min), BENCH_REQUEST_EVENTS (200: events per ingest request, as a
#   sensor posting what it saw a moment ago would; an event's latency includes waiting for the events before it in
#   its request, so 2000 shows a bulk replay), BENCH_DB (h2 | postgres: PostgreSQL at 127.0.0.1:5432,
#   database test, a schema of its own dropped afterwards, reWriteBatchedInserts=true), BENCH_LLM (1: run step 4),
#   BENCH_LLM_DELAY_MS (6000), BENCH_PORT, BENCH_JFR=1, BENCH_ARENA_JVM_OPTS, BENCH_ARENA_ARGS.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench/lib.sh

SECONDS_MAIN=${BENCH_SECONDS:-60}
RATE=${BENCH_RATE:-1200000}
DB=${BENCH_DB:-h2}
LLM=${BENCH_LLM:-1}
LLM_DELAY=${BENCH_LLM_DELAY_MS:-6000}
REQUEST_EVENTS=${BENCH_REQUEST_EVENTS:-200}

mkdir -p target/bench
out="$PWD/target/bench/threats-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
ln -sfn "$(basename "$out")" target/bench/latest
work=$(mktemp -d /tmp/arena-bench.XXXXXX)
standin_pid=
schema=
cleanup() {
    [ -n "$standin_pid" ] && kill "$standin_pid" 2>/dev/null || true
    stop_arena
    [ -n "$schema" ] && psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

need_jdk
command -v curl >/dev/null || die "curl is needed"
log "results in $out"
{
    echo "date: $(date -Is)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
    echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (modified)')"
    echo "database: $DB"
    echo "events per request: $REQUEST_EVENTS"
} >"$out/machine.txt"
build

: >"$out/results.tsv"
record() { printf '%s\t%s\n' "$1" "$2" >>"$out/results.tsv"; }
value() { awk -F'\t' -v k="$1" '$1 == k { v = $2 } END { print v }' "$out/results.tsv"; }

# A fresh database per Arena run: the runs compare like with like.
database() {
    if [ "$DB" = postgres ]; then
        schema="bench_threats_$(date +%s%N | tail -c 10)"
        export BENCH_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema&reWriteBatchedInserts=true"
        DB_ARGS=(--spring.datasource.username=postgres --spring.datasource.password= "--spring.flyway.schemas=$schema"
                 "--spring.flyway.default-schema=$schema" --spring.flyway.create-schemas=true)
    else
        rm -rf "$work/data"
        DB_ARGS=()
    fi
}

# run <name> [--arena.x=y ...]: Arena started fresh, the load, then its memory; figures prefixed <name>_.
run() {
    local name=$1; shift
    database
    start_arena "$name" "${DB_ARGS[@]}" "$@"
    local t0 t1
    t0=$(cpu_ticks)
    log "$name: $RATE events/min for ${SECONDS_MAIN}s (after a short warm-up)"
    timeout $((SECONDS_MAIN + 900)) "$JAVA_HOME/bin/java" -Dbatch="$REQUEST_EVENTS" scripts/bench/ThreatsBench.java load "$BENCH_URL" "$SECONDS_MAIN" "$RATE" \
        >"$out/$name.txt" 2>"$out/$name.err" || { tail -20 "$out/$name.err" >&2; die "the load generator failed"; }
    t1=$(cpu_ticks)
    sed -n 's/^BENCH \([^ ]*\) \(.*\)$/\1\t\2/p' "$out/$name.txt" | while IFS=$'\t' read -r k v; do record "${name}_$k" "$v"; done
    record "${name}_arena_cpu_s" "$(( (t1 - t0) / 100 ))"
    record "${name}_rss_mb" "$(awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$arena_pid/status")"
    "$JAVA_HOME/bin/jcmd" "$arena_pid" GC.run >/dev/null 2>&1 || log "jcmd GC.run failed"
    sleep 1
    record "${name}_heap_after_gc_mb" "$(curl -s --max-time 10 "$BENCH_URL/metrics" \
        | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%d", s / 1048576 }')"
    record "${name}_rss_after_gc_mb" "$(awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$arena_pid/status")"
    record "${name}_load1" "$(load1)"
    grep -E ' (WARN|ERROR) ' "$out/arena-$name.log" | cut -c1-300 | sort | uniq -c | sort -rn | head -5 >"$out/$name-warnings.txt" || true
    stop_arena
}

# standin <delay-ms|never>: the LLM stand-in on a free port; sets STANDIN_URL.
standin() {
    [ -n "$standin_pid" ] && { kill "$standin_pid" 2>/dev/null || true; wait "$standin_pid" 2>/dev/null || true; }
    local p
    # Not 18180-18279: Arena's probe port comes from there (lib.sh) and must still be free when Arena restarts.
    for p in $(seq 18280 18379); do port_taken "$p" || break; done
    "$JAVA_HOME/bin/java" scripts/bench/ThreatsBench.java standin "$p" "$1" >"$out/standin-$1.log" 2>&1 &
    standin_pid=$!
    local deadline=$((SECONDS + 60))
    until port_taken "$p"; do
        [ $SECONDS -lt $deadline ] || die "the LLM stand-in did not start"
        sleep 0.2
    done
    STANDIN_URL="http://127.0.0.1:$p/v1"
}

run plain
if [ "$LLM" = 1 ]; then
    MANY=(--arena.threats.response.max-per-minute=100000)
    standin "$LLM_DELAY"
    run slow_llm --arena.threats.analyst.base-url="$STANDIN_URL" "${MANY[@]}"
    record slow_llm_standin_asked "$(sed -n 's/^stand-in: asked \([0-9]*\) times$/\1/p' "$out/standin-$LLM_DELAY.log" | tail -1)"
    standin never
    run silent_llm --arena.threats.analyst.base-url="$STANDIN_URL" "${MANY[@]}"
fi

row() {
    local name=$1
    printf '| %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s | %s | %s |\n' "$2" "$(value "${name}_accepted_per_min")" \
        "$(value "${name}_processed_per_min")" "$(value "${name}_events_refused_429")" "$(value "${name}_events_stored")" \
        "$(value "${name}_drain_ms")" "$(value "${name}_decision_p50_ms")" "$(value "${name}_decision_p99_ms")" \
        "$(value "${name}_stored_p50_ms")" "$(value "${name}_stored_p99_ms")" \
        "$(value "${name}_rss_mb")" "$(value "${name}_heap_after_gc_mb")" "$(value "${name}_arena_cpu_s")"
}
{
    echo "Threat pipeline, $DB, target $RATE events/min in requests of $REQUEST_EVENTS events for ${SECONDS_MAIN}s per run ($(cat "$out/machine.txt" | tr '\n' ';'))"
    echo
    echo "| run | accepted/min | processed/min | refused (429) | events stored | drain ms | decision p50 / p99 ms | stored p50 / p99 ms | RSS MB | heap after GC MB | Arena CPU s |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    row plain "no LLM"
    if [ "$LLM" = 1 ]; then
        row slow_llm "LLM stand-in answering after ${LLM_DELAY} ms"
        row silent_llm "LLM stand-in never answering"
    fi
} | tee "$out/summary.md"
