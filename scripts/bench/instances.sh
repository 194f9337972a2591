#!/usr/bin/env bash
# Instances load scenarios (issue 3): start latency beside a bare `docker run` of the same image and from a
# warm pool, status polling, and extension spam after a warm-up until the compilers rest. Self-contained:
# starts its own Arena (H2 in a temporary directory, port $PORT) from target/arena.jar, runs
# scripts/bench/InstancesBench.java against it (with Arena's pid, to read its CPU by thread), and stops it.
# Meant to be wired into `./arena bench instances`; needs the engine and image from scripts/setup.sh.
#   ./arena bench instances            STARTS=20 PORT=18080 by default; BENCH_ARENA_JVM_OPTS adds JVM options to Arena's
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18080}
STARTS=${STARTS:-20}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
if [ ! -f target/arena.jar ] || [ -n "$(find src pom.xml -newer target/arena.jar -print -quit)" ]; then
    ./mvnw -q -B -DskipTests package
fi

data=$(mktemp -d)
# shellcheck disable=SC2086 # the options are words on purpose
"$JAVA" -XX:+UseCompactObjectHeaders ${BENCH_ARENA_JVM_OPTS:-} -jar target/arena.jar --server.port="$PORT" --spring.datasource.url="jdbc:h2:file:$data/arena" \
    --arena.platform.master-keys.1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= \
    --arena.instances.cooldown=0s --arena.instances.deployment=bench --arena.instances.reaper-interval=1s \
    --arena.identity.limits.registration-per-ip=100/1m >"$data/arena.log" 2>&1 &
arena=$!
cleanup() {
    echo "# Arena's warnings and errors during the run"
    grep -E ' (WARN|ERROR) ' "$data/arena.log" | grep -v -e SpringDoc -e UserDetailsService | cut -c1-300 | tail -20 || true
    kill "$arena" 2>/dev/null || true
    wait "$arena" 2>/dev/null || true
    docker ps -aq --filter label=arena.deployment=bench | xargs -r docker rm -f >/dev/null
    rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$PORT/v1/health/ready" >/dev/null && break
    sleep 0.5
done

echo "# bare docker create+start of arena/busybox:1 (the floor), $STARTS runs"
times=()
for i in $(seq "$STARTS"); do
    t0=$(date +%s%N)
    docker run -d --name "bench-bare-$i" -p 127.0.0.1::8080 --label arena.deployment=bench arena/busybox:1 \
        httpd -f -p 8080 -h /tmp >/dev/null
    times+=($(( ($(date +%s%N) - t0) / 1000000 )))
    docker rm -f "bench-bare-$i" >/dev/null
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "bare docker run -d                            n=%d p50=%d ms p99=%d ms\n", NR, a[int(NR/2)+1], a[NR]}'

"$JAVA" -Dstarts="$STARTS" -Darena.pid="$arena" scripts/bench/InstancesBench.java "http://127.0.0.1:$PORT" bench
