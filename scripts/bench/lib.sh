# Shared by the bench scenarios (sourced, not run): tools, the JDK, the jar, starting and stopping Arena,
# running wrk and reading its summary. Every step is bounded by a timeout so a run cannot hang.

BENCH_PORT=${BENCH_PORT:-}
BENCH_URL=
# Arena's probe port (arena.platform.probe-port: /v1/health/* on a connector of its own), where the
# scenarios poll health like an orchestrator would.
BENCH_PROBE_PORT=${BENCH_PROBE_PORT:-}
BENCH_PROBE_URL=
BENCH_LUA_DIR="$PWD/scripts/bench"
export BENCH_LUA_DIR

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

# need_tools [command[:package] ...]: installs the Debian packages of the commands that are missing (needs
# root then); without arguments wrk, jq and curl, which the HTTP scenarios use.
need_tools() {
    local missing=() tool
    [ $# -eq 0 ] && set -- wrk jq curl
    for tool in "$@"; do
        command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
        || die "cannot install ${missing[*]}; install them and run again"
}

# Exports JAVA_HOME as a JDK 25 (the launcher has usually done it already).
need_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then return 0; fi
    local candidate
    for candidate in /usr/lib/jvm/temurin-25*; do
        if [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; return 0; fi
    done
    die "no JDK 25 found; set JAVA_HOME"
}

# Builds target/arena.jar when sources are newer (which also compiles the JMH benchmarks), otherwise
# compiles only the test sources if they changed; then writes the test classpath once per pom.xml.
build() {
    local jar=target/arena.jar
    if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
        log "building $jar"
        timeout 600 ./mvnw -q -B -DskipTests package >"$out/build.log" 2>&1 || { tail -30 "$out/build.log" >&2; die "build failed"; }
    elif [ ! -f target/test-classes/META-INF/BenchmarkList ] \
        || [ -n "$(find src/test -newer target/test-classes/META-INF/BenchmarkList -print -quit)" ]; then
        log "compiling the benchmarks"
        timeout 600 ./mvnw -q -B test-compile >"$out/build.log" 2>&1 || { tail -30 "$out/build.log" >&2; die "test-compile failed"; }
    fi
    if [ ! -f target/bench/classpath.txt ] || [ pom.xml -nt target/bench/classpath.txt ]; then
        timeout 300 ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test \
            -Dmdep.outputFile=target/bench/classpath.txt >>"$out/build.log" 2>&1 || die "cannot resolve the test classpath"
    fi
}

# start_arena <name> [--arena.x=y ...]: runs the jar on $BENCH_PORT with an H2 file database under
# $work (or BENCH_DATASOURCE_URL), like ./arena serve (same JVM flags), and waits for readiness. BENCH_JFR=1 records a profile;
# BENCH_ARENA_JVM_OPTS and BENCH_ARENA_ARGS add JVM options and settings (to try a tuning without a build);
# BENCH_JAR runs another build of Arena (to compare two builds under the same scenario).
arena_pid=
start_arena() {
    local name=$1; shift
    choose_port
    local jvm=(-XX:+UseCompactObjectHeaders)
    [ "${BENCH_JFR:-0}" = 1 ] && jvm+=("-XX:StartFlightRecording=filename=$out/arena-$name.jfr,settings=profile,dumponexit=true")
    # shellcheck disable=SC2206
    [ -n "${BENCH_ARENA_JVM_OPTS:-}" ] && jvm+=(${BENCH_ARENA_JVM_OPTS})
    # shellcheck disable=SC2206
    local extra=(${BENCH_ARENA_ARGS:-})
    local root=$PWD
    (cd "$work" && exec "$JAVA_HOME/bin/java" "${jvm[@]}" -jar "${BENCH_JAR:-$root/target/arena.jar}" \
        --server.port="$BENCH_PORT" --arena.platform.probe-port="$BENCH_PROBE_PORT" \
        "--spring.datasource.url=${BENCH_DATASOURCE_URL:-jdbc:h2:file:$work/data/arena;DB_CLOSE_ON_EXIT=FALSE}" \
        --arena.platform.master-key-file="$work/data/master.key" \
        "$@" "${extra[@]}") >"$out/arena-$name.log" 2>&1 &
    arena_pid=$!
    log "Arena ($name) starting as pid $arena_pid on :$BENCH_PORT"
    local deadline=$((SECONDS + 120))
    # Ready means: our process logged that it started, and the port answers ready.
    until grep -qs 'Started Arena in' "$out/arena-$name.log" && curl -fs -o /dev/null --max-time 2 "$BENCH_URL/v1/health/ready"; do
        kill -0 "$arena_pid" 2>/dev/null || { tail -40 "$out/arena-$name.log" >&2; die "Arena exited during start-up"; }
        [ $SECONDS -lt $deadline ] || die "Arena not ready after 120 s (see $out/arena-$name.log)"
        sleep 0.5
    done
    log "Arena ready"
}

# Other people run services on this machine too: take BENCH_PORT if given, else the first free port
# from 18080 on, and keep it for the restart.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
choose_port() {
    if [ -z "$BENCH_PORT" ]; then
        local p
        for p in $(seq 18080 18179); do port_taken "$p" || { BENCH_PORT=$p; break; }; done
        [ -n "$BENCH_PORT" ] || die "no free port in 18080-18179; set BENCH_PORT"
    fi
    port_taken "$BENCH_PORT" && die "port $BENCH_PORT is taken by another process; set BENCH_PORT to a free one"
    BENCH_URL="http://127.0.0.1:$BENCH_PORT"
    if [ -z "$BENCH_PROBE_PORT" ]; then
        local p
        for p in $(seq 18180 18279); do [ "$p" != "$BENCH_PORT" ] && ! port_taken "$p" && { BENCH_PROBE_PORT=$p; break; }; done
        [ -n "$BENCH_PROBE_PORT" ] || die "no free port in 18180-18279; set BENCH_PROBE_PORT"
    fi
    port_taken "$BENCH_PROBE_PORT" && die "port $BENCH_PROBE_PORT is taken by another process; set BENCH_PROBE_PORT to a free one"
    BENCH_PROBE_URL="http://127.0.0.1:$BENCH_PROBE_PORT"
}

stop_arena() {
    [ -n "$arena_pid" ] || return 0
    if kill -0 "$arena_pid" 2>/dev/null; then
        kill "$arena_pid" 2>/dev/null || true
        local deadline=$((SECONDS + 40))
        while kill -0 "$arena_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
        kill -9 "$arena_pid" 2>/dev/null || true
    fi
    wait "$arena_pid" 2>/dev/null || true
    arena_pid=
}

# run_wrk <name> <seconds> <connections> <script> <url> [wrk options]: one wrk run, bounded in time,
# its text in $out/<name>.txt and the summary its Lua script prints in $out/<name>.json.
run_wrk() {
    local name=$1 seconds=$2 connections=$3 script=$4 url=$5; shift 5
    local threads=2
    [ "$connections" -lt 2 ] && threads=1
    timeout $((seconds + 60)) wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 5s --latency \
        -s "$BENCH_LUA_DIR/$script" "$@" "$url" >"$out/$name.txt" 2>&1 || log "wrk $name ended with status $?"
    sed -n 's/^BENCH_JSON //p' "$out/$name.txt" >"$out/$name.json"
    [ -s "$out/$name.json" ] || { cat "$out/$name.txt" >&2; die "wrk $name printed no summary"; }
}

# CPU time Arena has used so far, in clock ticks (1/100 s): divided by the requests served in between it
# gives the server's own cost per request, which other load on a shared machine disturbs far less than
# the request rate.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$arena_pid/stat"; }

load1() { cut -d' ' -f1 /proc/loadavg; }

# thread_ticks <file>: Arena's CPU so far per kind of thread ("group ticks" lines, thread numbers stripped,
# so the virtual-thread carriers ForkJoinPool-1-worker-N add up to one line). Threads that ended between
# two snapshots are missing from the second one, so a group can only be under-counted.
thread_ticks() {
    local t
    for t in /proc/"$arena_pid"/task/*; do
        printf '%s %s\n' "$(tr ' ' _ <"$t/comm" 2>/dev/null)" "$(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null)"
    done | awk 'NF == 2 { n = $1; sub(/[-#_]?[0-9]+$/, "", n); sub(/[-#_]+$/, "", n); ticks[n] += $2 } END { for (n in ticks) print n, ticks[n] }' \
        | sort >"$1"
}

# thread_split <before> <after> <requests>: CPU per request in µs by kind of thread, largest first. It
# tells the carriers' request work from what is not the request's: C2/C1 still compiling after a short
# warm-up (a third of all CPU in a fresh JVM's first 20 s), GC, Tomcat's poller.
thread_split() {
    join -a 2 "$1" "$2" | awk -v r="$3" '{ d = (NF == 3 ? $3 - $2 : $2) } d > 0 && r > 0 { printf "%8.1f %s\n", d * 10000 / r, $1 }' \
        | sort -rn
}

# j <name> <jq filter>: reads a figure from a wrk summary.
j() { jq -r "$2" "$out/$1.json"; }

# Requests per second of the 2xx answers in a wrk summary.
ok_rate() { j "$1" '((.requests - .non2xx) / (.duration_us / 1e6)) | . * 10 | round / 10'; }

# server_quantile <before.prom> <after.prom> <uri> [q]: Arena's own request time in ms at quantile q
# (default 0.99) for one route, from the difference of two scrapes of its latency histogram
# (http_server_requests). The answer is the upper bound of the bucket the quantile falls in.
server_quantile() {
    awk -v uri="uri=\"$3\"" -v q="${4:-0.99}" '
        index($0, "http_server_requests_seconds_bucket{") == 1 && index($0, uri) {
            match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5)
            bound = (le == "+Inf") ? 1e99 : le + 0
            if (FILENAME == ARGV[1]) before[bound] += $NF; else after[bound] += $NF
        }
        END {
            n = 0
            for (b in after) { keys[++n] = b + 0 }
            for (i = 2; i <= n; i++) { k = keys[i]; for (j = i - 1; j >= 1 && keys[j] > k; j--) keys[j + 1] = keys[j]; keys[j + 1] = k }
            total = after[keys[n]] - before[keys[n]]
            if (total <= 0) { print "n/a"; exit }
            for (i = 1; i <= n; i++) {
                if (after[keys[i]] - before[keys[i]] >= q * total) { printf "%.2f\n", keys[i] * 1000; exit }
            }
        }' "$1" "$2"
}
