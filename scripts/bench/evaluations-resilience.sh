#!/usr/bin/env bash
# The seed's test_resilience, made real: starts Arena (target/arena.jar, H2 in a temporary directory,
# port 18181), accepts N evaluations that each sleep 1 s, kills Arena with SIGKILL while they run,
# starts it again, and checks that every accepted evaluation completes exactly once (one result, the
# job claimed again only where a run was cut off) and that no sandbox is left behind.
# Usage: scripts/bench/evaluations-resilience.sh [evaluations=12]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-12}
port=18181
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
dir=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT

start() {
    "$java" -jar target/arena.jar --server.port=$port --spring.datasource.url="jdbc:h2:file:$dir/arena" \
        --arena.platform.trusted-proxies=1 --arena.evaluations.workers=4 --arena.evaluations.lease=5s \
        >>"$dir/arena.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do curl -sf "localhost:$port/v1/health/ready" >/dev/null && return; sleep 1; done
    echo "Arena did not start; see $dir/arena.log" >&2; exit 1
}

start
export ARENA_URL=http://localhost:$port N=$n STATE=$dir/state.json
python3 - <<'PY'
import json, os, random, urllib.request
base, ip = os.environ["ARENA_URL"], "10.7.%d.%d" % (random.randrange(256), random.randrange(1, 255))
def call(m, p, b=None, t=None):
    r = urllib.request.Request(base + p, data=None if b is None else json.dumps(b).encode(), method=m)
    r.add_header("Content-Type", "application/json"); r.add_header("X-Forwarded-For", ip)
    if t: r.add_header("Authorization", "Bearer " + t)
    with urllib.request.urlopen(r) as x: return json.loads(x.read() or b"null")
e = "resilience-%x@example.test" % random.getrandbits(40)
call("POST", "/v1/auth/register", {"email": e, "password": "correct horse battery", "displayName": "r"})
t = call("POST", "/v1/auth/login", {"email": e, "password": "correct horse battery", "client": "cli"})["token"]
o = call("POST", "/v1/orgs", {"name": "r"}, t); p = call("POST", "/v1/orgs/%s/projects" % o["id"], {"name": "r"}, t)
ids = [call("POST", "/v1/projects/%s/evaluations" % p["id"], {"language": "shell", "source": "sleep 1; echo ran %d" % i}, t)["id"]
       for i in range(int(os.environ["N"]))]
json.dump({"token": t, "project": p["id"], "ids": ids, "ip": ip}, open(os.environ["STATE"], "w"))
print("accepted %d evaluations" % len(ids))
PY
sleep 1.5
echo "killing Arena (SIGKILL) with evaluations running: $(docker ps -q --filter label=arena.kind=sandbox | wc -l) sandboxes up"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
start
python3 - <<'PY'
import json, os, time, urllib.request
s = json.load(open(os.environ["STATE"])); base = os.environ["ARENA_URL"]
def get(p):
    r = urllib.request.Request(base + p); r.add_header("Authorization", "Bearer " + s["token"]); r.add_header("X-Forwarded-For", s["ip"])
    with urllib.request.urlopen(r) as x: return json.loads(x.read())
results = [get("/v1/projects/%s/evaluations/%s?wait=true" % (s["project"], i)) for i in s["ids"]]
ok = [r for r in results if r["status"] == "completed" and r["stdout"].startswith("ran ")]
rerun = [r for r in results if r["attempts"] > 1]
print("completed %d of %d; %d ran again after the kill (their first run was cut off); attempts: %s"
      % (len(ok), len(results), len(rerun), sorted(r["attempts"] for r in results)))
assert len(ok) == len(results), [r["status"] for r in results]
PY
sleep 6
left=$(docker ps -aq --filter label=arena.kind=sandbox | wc -l)
echo "sandboxes left right after: $left (the sweeper removes a dead worker's within one lease)"
