#!/usr/bin/env bash
# ./scripts/bench/identity-ab.sh <old.jar> <new.jar>: GET /v1/users/me served by two Arena jars side by side, at the
# same moment, so that both meet the same machine: each on H2 with 10 signed-in users, each driven by its own wrk
# (BENCH_CONNECTIONS, 100), both at once; a warm-up (BENCH_WARMUP, 25 s), then three rounds (BENCH_SECONDS, 15 s).
# Prints each round's requests and Arena CPU per request (from /proc) of both. Single runs on a VM whose speed drifts
# cannot resolve a 10 % change; a pair can. Swap the arguments for a second pair.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench/lib.sh
need_tools
need_jdk
[ $# -eq 2 ] || die "usage: $0 <old.jar> <new.jar>"
connections=${BENCH_CONNECTIONS:-100}
export BENCH_PASSWORD="bench-password-$(date +%s)" BENCH_LUA_DIR="$PWD/scripts/bench"
work=$(mktemp -d /tmp/arena-ab.XXXXXX)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

start() { # <name> <jar> <port>
    mkdir -p "$work/$1/data"
    "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders -jar "$2" --server.port="$3" --arena.platform.probe-port=$(($3 + 1)) \
        "--spring.datasource.url=jdbc:h2:file:$work/$1/data/arena;DB_CLOSE_ON_EXIT=FALSE" \
        --arena.platform.master-key-file="$work/$1/data/master.key" \
        --arena.identity.limits.registration-per-ip=1000000/1s >"$work/$1/arena.log" 2>&1 &
    pids+=($!)
    echo $! >"$work/$1/pid"
}
sign_in() { # <name> <port>
    local i
    until curl -fs -o /dev/null "http://127.0.0.1:$2/v1/health/ready"; do sleep 0.5; done
    for i in $(seq 1 10); do
        curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"email\":\"ab-$i@bench.arena.test\",\"password\":\"$BENCH_PASSWORD\",\"displayName\":\"AB $i\"}" \
            "http://127.0.0.1:$2/v1/auth/register"
        curl -s -H 'Content-Type: application/json' -d "{\"email\":\"ab-$i@bench.arena.test\",\"password\":\"$BENCH_PASSWORD\",\"client\":\"cli\"}" \
            "http://127.0.0.1:$2/v1/auth/login" | jq -r '.token // empty'
    done >"$work/$1/tokens.txt"
}
load() { # <name> <port> <seconds> <output>
    BENCH_TOKENS="$work/$1/tokens.txt" wrk -t1 -c"$connections" -d"$3"s -s scripts/bench/me.lua "http://127.0.0.1:$2/v1/users/me" >"$work/$1/$4.txt"
}
ticks() { awk '{ print $14 + $15 }' "/proc/$(cat "$work/$1/pid")/stat"; }
both() { # <seconds> <output>
    load old 18600 "$1" "$2" & local a=$!
    load new 18610 "$1" "$2" & local b=$!
    wait "$a" "$b"
}

start old "$1" 18600
start new "$2" 18610
sign_in old 18600
sign_in new 18610
both "${BENCH_WARMUP:-25}" warm
for round in 1 2 3; do
    o0=$(ticks old); n0=$(ticks new)
    both "${BENCH_SECONDS:-15}" "r$round"
    o1=$(ticks old); n1=$(ticks new)
    ro=$(awk '/requests in/ { print $1 }' "$work/old/r$round.txt"); rn=$(awk '/requests in/ { print $1 }' "$work/new/r$round.txt")
    printf 'round %d  old: %s requests, %s µs/request   new: %s requests, %s µs/request   load %s\n' "$round" \
        "$ro" "$(awk -v t=$((o1 - o0)) -v n="$ro" 'BEGIN { printf "%.1f", t * 10000 / n }')" \
        "$rn" "$(awk -v t=$((n1 - n0)) -v n="$rn" 'BEGIN { printf "%.1f", t * 10000 / n }')" "$(cut -d' ' -f1 /proc/loadavg)"
done
