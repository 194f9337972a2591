#!/usr/bin/env bash
# The seed's progressive load test for evaluations, self-contained: against a running Arena (ARENA_URL,
# default http://localhost:8080), it registers a user, makes a project, and then
#   1. runs a hello world N times one after another with ?wait=true and a bare `docker run --rm` of the
#      same program as many times, and prints both latencies (min, p50, p95, max);
#   2. for 5, 10, 20 and 50 concurrent clients submits 2 x N evaluations (202, no wait) and polls them to
#      the end with GET ?wait=true, printing success rate, average and p95 end-to-end time, throughput, and submit latency;
#   3. times the seed's three programs end to end (a print, a 1 s sleep, a CPU-heavy loop).
# Usage: scripts/bench/evaluations.sh [runs=20] [steps="5 10 20 50"]
set -euo pipefail
export ARENA_URL=${ARENA_URL:-http://localhost:8080}
export BENCH_RUNS=${1:-20}
export BENCH_STEPS=${2:-5 10 20 50}
exec python3 - <<'PY'
import json, os, random, statistics, subprocess, threading, time, urllib.request, urllib.error

base = os.environ["ARENA_URL"]
runs = int(os.environ["BENCH_RUNS"])
steps = [int(s) for s in os.environ["BENCH_STEPS"].split()]
ip = "10.%d.%d.%d" % (random.randrange(256), random.randrange(256), random.randrange(1, 255))

def call(method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    req.add_header("X-Forwarded-For", ip)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")

email = "bench-%x@example.test" % random.getrandbits(48)
call("POST", "/v1/auth/register", {"email": email, "password": "correct horse battery", "displayName": "bench"})
status, login = call("POST", "/v1/auth/login", {"email": email, "password": "correct horse battery", "client": "cli"})
assert status == 200, login
token = login["token"]
_, org = call("POST", "/v1/orgs", {"name": "bench"}, token)
_, project = call("POST", "/v1/orgs/%s/projects" % org["id"], {"name": "bench"}, token)
evals = "/v1/projects/%s/evaluations" % project["id"]

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

def summary(values):
    return "min %6.0f  p50 %6.0f  p95 %6.0f  max %6.0f ms" % (min(values), pct(values, 50), pct(values, 95), max(values))

hello = {"language": "shell", "source": "echo hello"}
call("POST", evals + "?wait=true", hello, token)  # warm-up
arena, bare = [], []
for _ in range(runs):
    t = time.perf_counter(); s, r = call("POST", evals + "?wait=true", hello, token)
    arena.append((time.perf_counter() - t) * 1000)
    assert s == 200 and r["status"] == "completed", r
    t = time.perf_counter()
    subprocess.run(["docker", "run", "--rm", "--network", "none", "arena/busybox:1", "echo", "hello"], check=True, capture_output=True)
    bare.append((time.perf_counter() - t) * 1000)
print("hello world, %d runs one at a time" % runs)
print("  Arena (?wait=true, end to end)  " + summary(arena))
print("  docker run --rm                 " + summary(bare))

def client(n, submits, ends, ok):
    for _ in range(n):
        t = time.perf_counter(); s, r = call("POST", evals, hello, token); submits.append((time.perf_counter() - t) * 1000)
        if s != 202:
            continue
        while r["status"] in ("queued", "running"):
            s, r = call("GET", evals + "/" + r["id"] + "?wait=true", None, token)
        ends.append((time.perf_counter() - t) * 1000)
        ok.append(r["status"] == "completed")

print("\n| Concurrent Users | Total Evaluations | Success Rate | Avg Response Time | p95 | Throughput |")
print("|---|---|---|---|---|---|")
all_submits = []
for users in steps:
    submits, ends, ok = [], [], []
    threads = [threading.Thread(target=client, args=(2, submits, ends, ok)) for _ in range(users)]
    t = time.perf_counter()
    [th.start() for th in threads]; [th.join() for th in threads]
    took = time.perf_counter() - t
    all_submits += submits
    print("| %d | %d | %.0f %% | %.0f ms | %.0f ms | %.1f /s |" % (users, 2 * users, 100 * sum(ok) / (2 * users),
          statistics.mean(ends), pct(ends, 95), 2 * users / took))
print("\nsubmission latency (202): " + summary(all_submits))

print("\nend to end, one at a time (python3):")
for name, source in [("print", "print('hi')"), ("1 s sleep", "import time\ntime.sleep(1)"),
                     ("CPU loop", "s = 0\nfor i in range(3_000_000): s += i * i\nprint(s)")]:
    t = time.perf_counter(); s, r = call("POST", evals + "?wait=true", {"language": "python3", "source": source}, token)
    print("  %-10s %6.0f ms  (%s, wall %s ms in the sandbox)" % (name, (time.perf_counter() - t) * 1000, r["status"], r.get("wallTimeMs")))
PY
