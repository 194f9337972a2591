#!/usr/bin/env bash
# Issue 3's cleanup scenario: N instances (default 800) expire at once; how fast does the reaper get every
# container gone, against the raw teardown rate of the same engine measured in the same run?
#
#   ./arena bench instances-cleanup            N=800 CONCURRENCY=10 PORT=18400 by default; BENCH_ARENA_JVM_OPTS adds
#                                              JVM options to Arena's (a JFR recording, say)
#
# 1. Baseline: N containers of arena/busybox:1 (httpd, the challenge's command) are started with the
#    docker CLI as Arena would make them (its hardening and limits, a read-only root with a /tmp tmpfs, the
#    flag's directory bound read-only, a published port; on the default bridge), then removed with
#    `docker rm -f` from CONCURRENCY parallel workers (the runtime's default queue width); the removal time
#    is the raw teardown rate. This is done once before Arena's run and once after it (Arena stopped), and the
#    ratio is taken against the mean of the two.
# 2. Arena runs on PostgreSQL (a fresh schema), one player starts one instance of each of N challenges,
#    then the harness sets every instance's expiry to now in one UPDATE (the only way to make N instances
#    expire in the same instant) and times until no container of the run is left and every instance is
#    recorded stopped. The report shows where each phase's CPU went and which engine calls Arena made.
# Needs the engine and image (scripts/setup.sh docker) and psql. Tears everything down on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench/lib.sh
N=${N:-800}
CONCURRENCY=${CONCURRENCY:-10}
PORT=${PORT:-18400}
SCHEMA=bench_cleanup_$$
DEPLOYMENT=bench-cleanup-$$
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
PSQL=(psql -h 127.0.0.1 -U postgres -d test -qtA -v ON_ERROR_STOP=1)
A=http://127.0.0.1:$PORT
J='Content-Type: application/json'
log() { printf '[cleanup %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
running() { docker ps -aq --filter "label=arena.deployment=$DEPLOYMENT" | wc -l; }
# CPU in clock ticks (1/100 s): the machine's busy time, and one process's (0 when it is not there).
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
process_ticks() { [ -n "$1" ] && awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# cpu_snapshot: the machine's, dockerd's, containerd's and Arena's ticks; cpu_report <label> <snapshot before>
# <snapshot after> <milliseconds>: where the CPU of a timed window went.
postgres_ticks() { local t=0 p; for p in $(pgrep -x postgres || true); do t=$(( t + $(process_ticks "$p") )); done; echo "$t"; }
cpu_snapshot() { echo "$(machine_ticks) $(process_ticks "$(pidof dockerd || true)") $(process_ticks "$(pidof containerd || true)") $(process_ticks "${arena:-}") $(postgres_ticks)"; }
# runtime_calls: Arena's engine calls so far, one "operation outcome count" line each, from /metrics.
runtime_calls() {
    curl -sf "$A/metrics" | awk '/^arena_runtime_calls_seconds_count/ {
        match($0, /operation="[^"]*"/); op = substr($0, RSTART + 11, RLENGTH - 12)
        match($0, /outcome="[^"]*"/); out = substr($0, RSTART + 9, RLENGTH - 10)
        print op, out, $NF }' | sort
}
# calls_report <before> <after>: the engine calls Arena made in between, by operation and outcome.
calls_report() {
    join -a 2 -e 0 -o 0,1.2,2.2 <(echo "$1" | awk '{ print $1 "/" $2, $3 }' | sort) <(echo "$2" | awk '{ print $1 "/" $2, $3 }' | sort) |
        awk '{ n = $3 - $2; if (n > 0) { printf "%s%s %d", sep, $1, n; sep = ", " } } END { print "" }'
}
cpu_report() {
    read -r m0 d0 c0 a0 p0 <<<"$2"; read -r m1 d1 c1 a1 p1 <<<"$3"
    awk -v l="$1" -v ms="$4" -v cores="$(nproc)" -v m=$((m1 - m0)) -v d=$((d1 - d0)) -v c=$((c1 - c0)) -v a=$((a1 - a0)) -v p=$((p1 - p0)) 'BEGIN {
        printf "  CPU during %s: machine %.1f of %.1f core-s; dockerd %.1f, containerd %.1f, Arena %.1f, PostgreSQL %.1f (the rest: shims, runc, the kernel, the harness)\n",
            l, m / 100, cores * ms / 1000, d / 100, c / 100, a / 100, p / 100 }'
}

if [ ! -f target/arena.jar ] || [ -n "$(find src pom.xml -newer target/arena.jar -print -quit)" ]; then
    log "building target/arena.jar"
    ./mvnw -q -B -DskipTests package
fi
data=$(mktemp -d)
arena=
events=
cleanup() {
    [ -n "$events" ] && { kill "$events" 2>/dev/null || true; }
    [ -n "$arena" ] && { kill "$arena" 2>/dev/null || true; wait "$arena" 2>/dev/null || true; }
    docker ps -aq --filter "label=arena.deployment=$DEPLOYMENT" | xargs -r docker rm -f >/dev/null 2>&1 || true
    "${PSQL[@]}" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
    [ -n "${KEEP:-}" ] && echo "kept $data" >&2 || rm -rf "$data"
}
trap cleanup EXIT

mkdir -p "$data/www" && echo 'flag{bench}' >"$data/www/flag.txt" && chmod -R a+rX "$data"
# raw_teardown <which>: starts N bare containers, times their removal; sets raw_ms and raw_cpu.
raw_teardown() {
    log "raw teardown, $1: starting $N bare containers ($CONCURRENCY at a time)"
    seq "$N" | xargs -P "$CONCURRENCY" -I{} docker run -d --label "arena.deployment=$DEPLOYMENT" \
        --memory 32m --memory-swap 32m --cpus 0.5 --pids-limit 256 --user 10001:10001 --cap-drop ALL \
        --security-opt no-new-privileges --read-only --tmpfs /tmp:size=16m \
        --mount "type=bind,src=$data/www,dst=/www,readonly" -p 127.0.0.1::8080 \
        arena/busybox:1 httpd -f -p 8080 -h /www >/dev/null
    [ "$(running)" -eq "$N" ] || { log "only $(running) of $N bare containers started"; exit 1; }
    log "raw teardown, $1: removing them with docker rm -f, $CONCURRENCY workers"
    local t0 cpu0
    t0=$(now_ms)
    cpu0=$(cpu_snapshot)
    docker ps -aq --filter "label=arena.deployment=$DEPLOYMENT" | xargs -P "$CONCURRENCY" -n 1 docker rm -f >/dev/null
    raw_ms=$(( $(now_ms) - t0 ))
    raw_cpu=$(cpu_report "the raw teardown $1" "$cpu0" "$(cpu_snapshot)" "$raw_ms")
    [ "$(running)" -eq 0 ] || { log "bare containers left behind"; exit 1; }
}
# The engine is timed before Arena's run and again after it: the same engine's rate drifts over a run (1,600
# containers made and removed before Arena's reaping), and the mean of both brackets the reaping fairly.
raw_teardown before
raw_before_ms=$raw_ms
raw_before_cpu=$raw_cpu

log "starting Arena on PostgreSQL schema $SCHEMA"
"${PSQL[@]}" -c "CREATE SCHEMA $SCHEMA"
# shellcheck disable=SC2086 # the options are words on purpose
"$JAVA" -XX:+UseCompactObjectHeaders ${BENCH_ARENA_JVM_OPTS:-} -jar target/arena.jar --server.port="$PORT" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" \
    --spring.datasource.username=postgres --spring.flyway.default-schema="$SCHEMA" --spring.flyway.schemas="$SCHEMA" \
    --arena.platform.master-keys.1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= \
    --arena.instances.cooldown=0s --arena.instances.deployment="$DEPLOYMENT" --arena.instances.reaper-interval=1s \
    --arena.identity.limits.registration-per-ip=100/1m >"$data/arena.log" 2>&1 &
arena=$!
for _ in $(seq 240); do curl -sf "$A/v1/health/ready" >/dev/null && break; sleep 0.5; done
curl -sf "$A/v1/health/ready" >/dev/null || { tail -40 "$data/arena.log"; exit 1; }

email="cleanup-$$@example.test"
curl -sf -X POST "$A/v1/auth/register" -H "$J" -d "{\"email\":\"$email\",\"password\":\"correct horse battery\",\"displayName\":\"bench\"}" >/dev/null
token=$(curl -sf -X POST "$A/v1/auth/login" -H "$J" -d "{\"email\":\"$email\",\"password\":\"correct horse battery\",\"client\":\"cli\"}" | jq -r .token)
H="Authorization: Bearer $token"
org=$(curl -sf -X POST "$A/v1/orgs" -H "$H" -H "$J" -d '{"name":"bench"}' | jq -r .id)
project=$(curl -sf -X POST "$A/v1/orgs/$org/projects" -H "$H" -H "$J" -d '{"name":"bench"}' | jq -r .id)
curl -sf -X PUT "$A/v1/projects/$project/instance-policy" -H "$H" -H "$J" \
    -d "{\"maxRunningPerPlayer\":$((N + 10)),\"maxRunningPerProject\":$((N + 10))}" >/dev/null

log "creating $N challenges and starting one instance of each ($CONCURRENCY at a time)"
for i in $(seq "$N"); do
    curl -sf -X POST "$A/v1/projects/$project/challenges" -H "$H" -H "$J" -d "{\"name\":\"c$i\",\"image\":\"arena/busybox:1\",
        \"command\":[\"httpd\",\"-f\",\"-p\",\"8080\",\"-h\",\"/www\"],\"ports\":[8080],\"memoryMib\":32,\"cpus\":0.5,
        \"lifetimeSeconds\":3600,\"flagTemplate\":\"flag{bench}\",\"flagFile\":\"/www/flag.txt\"}" | jq -r .id
done >"$data/challenges"
export A H project
t0=$(now_ms)
xargs -P "$CONCURRENCY" -I{} sh -c 'curl -s -o /dev/null -w "%{http_code}\n" -X POST "$A/v1/projects/$project/challenges/{}/instance" -H "$H"' \
    <"$data/challenges" >"$data/starts"
start_ms=$(( $(now_ms) - t0 ))
started=$(grep -c '^201$' "$data/starts" || true)
[ "$started" -eq "$N" ] || { log "only $started of $N instances started: $(sort "$data/starts" | uniq -c | tr '\n' ' ')"; exit 1; }
[ "$(running)" -eq "$N" ] || { log "$(running) containers for $N instances"; exit 1; }

log "expiring all $N instances at once"
# The engine's destroy events are counted from one stream: polling `docker ps` every 0.2 s instead cost the engine
# ~20 % more CPU during the reaping than during the raw teardown, which nothing polls (800 containers to list each time).
docker events --filter type=container --filter event=destroy --filter "label=arena.deployment=$DEPLOYMENT" \
    --format '{{.TimeNano}} {{.ID}}' >"$data/destroyed" &
events=$!
sleep 1
calls0=$(runtime_calls)
arena_pid=$arena
thread_ticks "$data/threads0"
t0=$(now_ms)
cpu0=$(cpu_snapshot)
"${PSQL[@]}" -c "UPDATE $SCHEMA.instances SET expires_at = now() WHERE status = 'running'" >/dev/null
while [ "$(wc -l <"$data/destroyed")" -lt "$N" ]; do
    [ $(( $(now_ms) - t0 )) -lt 600000 ] || { log "containers still there after 10 minutes"; exit 1; }
    sleep 0.2
done
gone_ms=$(( $(now_ms) - t0 ))
kill "$events" && events=
first_ms=$(( $(awk 'NR == 1 || $1 < first { first = $1 } END { print first }' "$data/destroyed") / 1000000 - t0 ))
[ "$(running)" -eq 0 ] || { log "$(running) containers left after $N were destroyed"; exit 1; }
reap_cpu=$(cpu_report "the reaping" "$cpu0" "$(cpu_snapshot)" "$gone_ms")
log "all containers gone after $gone_ms ms (the raw teardown before took $raw_before_ms ms)"
while [ "$("${PSQL[@]}" -c "SELECT count(*) FROM $SCHEMA.instances WHERE status IN ('starting', 'running', 'stopping')")" -gt 0 ]; do
    [ $(( $(now_ms) - t0 )) -lt 600000 ] || { log "instances not recorded stopped after 10 minutes"; exit 1; }
    sleep 0.2
done
stopped_ms=$(( $(now_ms) - t0 ))
reap_calls=$(calls_report "$calls0" "$(runtime_calls)")
thread_ticks "$data/threads1"
reap_threads=$(thread_split "$data/threads0" "$data/threads1" "$N" | head -8 | awk '{ printf "%s%s %.0f", sep, $2, $1; sep = ", " }')
log "all instances ended after $stopped_ms ms: $("${PSQL[@]}" -c "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM $SCHEMA.instances GROUP BY status) s")"

kill "$arena" && wait "$arena" 2>/dev/null || true
arena=
# Arena is stopped first: its reconciler would take the bare containers, labelled with its deployment, for orphans.
raw_teardown after
raw_after_ms=$raw_ms

awk -v n="$N" -v b1="$raw_before_ms" -v b2="$raw_after_ms" -v gone="$gone_ms" -v first="$first_ms" -v stopped="$stopped_ms" -v start="$start_ms" -v c="$CONCURRENCY" 'BEGIN {
    bare = (b1 + b2) / 2
    printf "instances started through Arena          %d in %.1f s (%.1f/s, %d at a time)\n", n, start / 1000, n * 1000 / start, c
    printf "raw teardown, docker rm -f x%-2d, before   %d in %.1f s = %.1f containers/s\n", c, n, b1 / 1000, n * 1000 / b1
    printf "raw teardown, docker rm -f x%-2d, after    %d in %.1f s = %.1f containers/s\n", c, n, b2 / 1000, n * 1000 / b2
    printf "Arena reaper, all containers gone        %d in %.1f s = %.1f containers/s (the first after %.1f s)\n", n, gone / 1000, n * 1000 / gone, first / 1000
    printf "Arena reaper, all instances stopped      %.1f s\n", stopped / 1000
    printf "ratio (Arena rate / mean raw rate)       %.2f  (budget >= 0.9; against the raw teardown before only: %.2f)\n", bare / gone, b1 / gone
}'
echo "$raw_before_cpu"
echo "$raw_cpu"
echo "$reap_cpu"
echo "  Arena's CPU per instance in µs by thread, from the expiry until every instance was recorded stopped: $reap_threads"
echo "  Arena's engine calls from the expiry until every instance was recorded stopped: $reap_calls"
