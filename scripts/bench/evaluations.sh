#!/usr/bin/env bash
# The seed's progressive load test for evaluations and the budgets of issue 4, self-contained: against a
# running Arena (ARENA_URL, default http://localhost:8080) and the Docker engine it runs on (DOCKER_HOST,
# default unix:///var/run/docker.sock), it registers a user, makes a project, and then
#   1. runs a hello world N times one after another with ?wait=true and a bare `docker run --rm` of the
#      same program as many times, and prints both latencies (min, p50, p95, max), the queue wait of each
#      run (startedAt - queuedAt of its result) and the warm pool's hits and misses (from /metrics);
#   2. for 5, 10, 20 and 50 concurrent clients submits 2 x N evaluations (202, no wait) and polls them to
#      the end with GET ?wait=true, printing success rate, average and p95 end-to-end time, throughput, and
#      submit latency (with p99), and beside it the host's own wake-up latency over the same steps: cyclictest
#      (rt-tests, installed when missing) waking every millisecond at Arena's CPU weight, the floor that
#      every request's waits for a core sit on;
#   3. measures the engine's own rate: as many loops as Arena has workers, for BENCH_ENGINE_SECONDS, each
#      creating, starting, waiting for and removing a hello-world container hardened like Arena's sandbox,
#      over the engine's HTTP API; then Arena's sustained rate on a backlog of BENCH_BACKLOG hello worlds
#      submitted at once (first program start to last finish, from the results); then the engine's rate
#      again, and the ratio of Arena's rate to the mean of the engine's two;
#   4. times the seed's three programs end to end (a print, a 1 s sleep, a CPU-heavy loop);
#   5. prints a met/missed verdict per budget of the issue.
# Usage: scripts/bench/evaluations.sh [runs=20] [steps="5 10 20 50"]
# Knobs: BENCH_ENGINE_SECONDS (20), BENCH_BACKLOG (100), BENCH_WORKERS (Arena's arena.evaluations.workers;
# default: its default in EvaluationSettings), BENCH_WARMUP (0: rounds of the load steps run before the
# measured one, for a JVM whose compilers have settled), ARENA_PID (Arena's process, when it runs on this
# machine: step 2 then prints Arena's CPU and its JIT compilers' share of it). The engine loop's containers
# carry the label arena.bench=evaluations and are removed, also after Ctrl-C.
# The Python is a file of its own (evaluations.py): it outgrew a readable heredoc.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench/lib.sh
need_tools cyclictest:rt-tests
export ARENA_URL=${ARENA_URL:-http://localhost:8080}
export BENCH_RUNS=${1:-20}
export BENCH_STEPS=${2:-5 10 20 50}
exec python3 scripts/bench/evaluations.py
