"""Load test of Arena's evaluations against the budgets of issue 4; run by scripts/bench/evaluations.sh,
which documents the steps, the arguments and the knobs."""
import http.client, json, os, random, re, shutil, signal, socket, statistics, subprocess, threading, time, urllib.error, urllib.parse, urllib.request
from datetime import datetime
from pathlib import Path

BASE = os.environ["ARENA_URL"]
RUNS = int(os.environ["BENCH_RUNS"])
STEPS = [int(s) for s in os.environ["BENCH_STEPS"].split()]
ENGINE_SECONDS = float(os.environ.get("BENCH_ENGINE_SECONDS", "20"))
BACKLOG = int(os.environ.get("BENCH_BACKLOG", "100"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "0"))
ARENA_PID = os.environ.get("ARENA_PID", "")
MAX_BATCH = 100  # arena.evaluations.max-batch's default
BENCH_LABEL = ("arena.bench", "evaluations")
HELLO = {"language": "shell", "source": "echo hello"}
UNFINISHED = ("queued", "running")

# The sandbox of a shell evaluation as Arena makes it (Sandbox.waiting with the defaults of EvaluationSettings,
# hardened by DockerContainerRuntime.createCommand), running the hello world itself instead of waiting for an exec.
SANDBOX = {
    "Image": "arena/busybox:1", "Cmd": ["echo", "hello"], "User": "10001:10001", "Labels": dict([BENCH_LABEL]),
    "HostConfig": {
        "NetworkMode": "none", "ReadonlyRootfs": True, "CapDrop": ["ALL"], "SecurityOpt": ["no-new-privileges"],
        "Memory": 256 << 20, "MemorySwap": 256 << 20, "NanoCpus": 1_000_000_000, "PidsLimit": 64,
        "Tmpfs": {"/tmp": "rw,nosuid,nodev,noexec,size=%d,mode=1777" % (16 << 20)},
    },
}


def stop_on_sigterm(*_):
    """SIGTERM ends the run like Ctrl-C: the engine loop removes its containers first."""
    raise KeyboardInterrupt


signal.signal(signal.SIGTERM, stop_on_sigterm)


ip = "10.%d.%d.%d" % (random.randrange(256), random.randrange(256), random.randrange(1, 255))


def call(method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    req.add_header("X-Forwarded-For", ip)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def timed(method, path, body=None, token=None):
    """(milliseconds, status, body) of one call."""
    t = time.perf_counter()
    status, answer = call(method, path, body, token)
    return (time.perf_counter() - t) * 1000, status, answer


def project():
    """A fresh user's token and the evaluations path of a fresh project."""
    email = "bench-%x@example.test" % random.getrandbits(48)
    call("POST", "/v1/auth/register", {"email": email, "password": "correct horse battery", "displayName": "bench"})
    status, login = call("POST", "/v1/auth/login", {"email": email, "password": "correct horse battery", "client": "cli"})
    assert status == 200, login
    _, org = call("POST", "/v1/orgs", {"name": "bench"}, login["token"])
    _, made = call("POST", "/v1/orgs/%s/projects" % org["id"], {"name": "bench"}, login["token"])
    return login["token"], "/v1/projects/%s/evaluations" % made["id"]


def until_done(evaluation):
    """The evaluation's result, asked for with ?wait=true until it has one."""
    while evaluation["status"] in UNFINISHED:
        _, evaluation = call("GET", evals + "/" + evaluation["id"] + "?wait=true", None, token)
    return evaluation


def instant(text):
    return datetime.fromisoformat(text).timestamp()


def most_at_once(results):
    """The most programs that ran at the same time, by their results' start and finish: Arena's workers, at most."""
    moves = sorted([(instant(r["startedAt"]), 1) for r in results] + [(instant(r["finishedAt"]), -1) for r in results])
    running = most = 0
    for _, move in moves:
        running += move
        most = max(most, running)
    return most


def pool_takes():
    """{outcome: count} of the shell warm pool's takes so far, from /metrics."""
    with urllib.request.urlopen(BASE + "/metrics", timeout=30) as r:
        text = r.read().decode()
    takes = {"hit": 0.0, "miss": 0.0}
    for line in text.splitlines():
        if line.startswith("arena_evaluations_pool_takes_total{") and 'language="shell"' in line:
            takes[re.search(r'outcome="(\w+)"', line).group(1)] = float(line.rsplit(" ", 1)[1])
    return takes


def accept_histogram():
    """{upper bound in s: cumulative count} of Arena's own time for accepted (202) submissions, from its
    request latency histogram in /metrics."""
    with urllib.request.urlopen(BASE + "/metrics", timeout=30) as r:
        text = r.read().decode()
    buckets = {}
    for line in text.splitlines():
        if (line.startswith("http_server_requests_seconds_bucket{") and 'method="POST"' in line and 'status="202"' in line
                and 'uri="/v1/projects/{projectId}/evaluations"' in line):
            le = float(re.search(r'le="([^"]+)"', line).group(1))
            buckets[le] = buckets.get(le, 0.0) + float(line.rsplit(" ", 1)[1])
    return buckets


def arena_cpu():
    """(Arena's CPU seconds so far, the part of them in its JIT compiler threads), read from /proc/ARENA_PID;
    None when Arena's process is not given (or not on this machine)."""
    if not ARENA_PID:
        return None
    total = compilers = 0
    for tid in os.listdir("/proc/%s/task" % ARENA_PID):
        try:
            stat = Path("/proc/%s/task/%s/stat" % (ARENA_PID, tid)).read_text()
            name = Path("/proc/%s/task/%s/comm" % (ARENA_PID, tid)).read_text()
        except OSError:
            continue  # the thread ended
        fields = stat[stat.rindex(")") + 2:].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        total += ticks
        compilers += ticks if name.startswith(("C1 Compiler", "C2 Compiler")) else 0
    hz = os.sysconf("SC_CLK_TCK")
    return total / hz, compilers / hz


class WakeupProbe:
    """The host's own wake-up latency while the load steps run, as the floor under Arena's request times:
    cyclictest (Debian's rt-tests) wakes every millisecond and records how late it ran. It runs in a session of
    its own whose autogroup gets the CPU weight of Arena's (read from ARENA_PID's /proc entry), and under Arena's
    real-time policy if it has one, so it waits for a core as an Arena thread would and does nothing once it has
    it. A request of Arena's waits for a core a few times (its socket, the database, the worker it wakes)."""

    def __init__(self):
        self.proc = None
        if not shutil.which("cyclictest"):
            return
        nice, policy = 0, ["--policy=other"]
        if ARENA_PID:
            nice = int(Path("/proc/%s/autogroup" % ARENA_PID).read_text().split()[-1])
            if os.sched_getscheduler(int(ARENA_PID)) in (os.SCHED_RR, os.SCHED_FIFO):
                rr = os.sched_getscheduler(int(ARENA_PID)) == os.SCHED_RR
                policy = ["--policy=" + ("rr" if rr else "fifo"), "-p", str(os.sched_getparam(int(ARENA_PID)).sched_priority)]
        self.proc = subprocess.Popen(["setsid", "sh", "-c", 'echo %d > /proc/self/autogroup 2>/dev/null; exec "$@"' % nice, "sh",
                                      "cyclictest", "-m", "-q", "-i", "1000", "-h", "100000"] + policy,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(0.2)
        self.conditions = "%s, autogroup %s" % (policy[0][len("--policy="):],
                                                Path("/proc/%d/autogroup" % self.proc.pid).read_text().split(" ", 1)[1].strip())

    def stop(self):
        """'p50 …, p99 …, p99.9 …, max … ms (conditions)' of the wake-ups since the start; None without cyclictest."""
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGINT)
        counts, overflows, latest = {}, 0, 0
        for line in self.proc.communicate(timeout=30)[0].splitlines():
            fields = line.split()
            if len(fields) == 2 and fields[0].isdigit():
                counts[int(fields[0])] = int(fields[1])
            elif line.startswith("# Histogram Overflows:"):
                overflows = int(fields[-1])
            elif line.startswith("# Max Latencies:"):
                latest = int(fields[-1])
        total = sum(counts.values()) + overflows

        def at(p):
            seen = 0
            for us in sorted(counts):
                seen += counts[us]
                if seen >= total * p / 100:
                    return "%.2f" % (us / 1000)
            return "> 100"
        return "p50 %s, p99 %s, p99.9 %s, max %.1f ms over %d wake-ups (%s)" % (at(50), at(99), at(99.9), latest / 1000, total,
                                                                                self.conditions)


def server_pct(before, after, p):
    """The upper bound in ms of the histogram bucket that the p-th percentile of the calls between two scrapes
    falls in (so "at most"); None without calls."""
    diff = sorted((le, after[le] - before.get(le, 0.0)) for le in after)
    if not diff or diff[-1][1] == 0:
        return None
    for le, count in diff:
        if count >= diff[-1][1] * p / 100:
            return le * 1000


def workers():
    """(workers, where the figure comes from): BENCH_WORKERS, else the default in EvaluationSettings."""
    if os.environ.get("BENCH_WORKERS"):
        return int(os.environ["BENCH_WORKERS"]), "BENCH_WORKERS"
    settings = Path(__file__).resolve().parents[2] / "src/main/java/dev/arena/evaluations/EvaluationSettings.java"
    default = re.search(r'@DefaultValue\("(\d+)"\) int workers', settings.read_text()).group(1)
    return int(default), "the default of arena.evaluations.workers (EvaluationSettings); set BENCH_WORKERS if Arena runs with another"


class EngineConnection(http.client.HTTPConnection):
    """HTTP to the engine on DOCKER_HOST (unix:// or tcp://), default /var/run/docker.sock."""

    def __init__(self):
        host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
        self.socket_path = host[len("unix://"):] if host.startswith("unix://") else None
        super().__init__("localhost" if self.socket_path else host.split("://", 1)[1], timeout=60)

    def connect(self):
        if self.socket_path is None:
            return super().connect()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)

    def ask(self, method, path, body=None, expect=(200, 201, 204)):
        self.request(method, path, None if body is None else json.dumps(body), {"Content-Type": "application/json"})
        response = self.getresponse()
        data = response.read()
        if response.status not in expect:
            raise RuntimeError("engine: %s %s answered %d %s" % (method, path, response.status, data[:200]))
        return json.loads(data) if data else None


def engine_cycle(engine):
    """Creates, starts, waits for and removes one hello-world sandbox."""
    container = engine.ask("POST", "/containers/create", SANDBOX)["Id"]
    try:
        engine.ask("POST", "/containers/%s/start" % container)
        exit_code = engine.ask("POST", "/containers/%s/wait" % container)["StatusCode"]
        if exit_code != 0:
            raise RuntimeError("engine: the hello world exited with %d" % exit_code)
    finally:
        engine.ask("DELETE", "/containers/%s?force=true&v=true" % container, expect=(204, 404))


def remove_bench_containers():
    """Removes every container labelled by this bench (what a loop cut off by Ctrl-C left)."""
    engine = EngineConnection()
    label = json.dumps({"label": ["%s=%s" % BENCH_LABEL]})
    for container in engine.ask("GET", "/containers/json?all=true&filters=" + urllib.parse.quote(label)):
        engine.ask("DELETE", "/containers/%s?force=true&v=true" % container["Id"], expect=(204, 404))


def engine_rate(loops, seconds):
    """Completed cycles per second from the first cycle's start to the last one's end, and the failures."""
    stop = threading.Event()
    ends, failures = [], []

    def loop():
        engine = EngineConnection()
        while not stop.is_set():
            try:
                engine_cycle(engine)
                ends.append(time.perf_counter())
            except (OSError, RuntimeError, http.client.HTTPException) as e:
                failures.append(e)
                engine = EngineConnection()

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(loops)]
    began = time.perf_counter()
    try:
        [t.start() for t in threads]
        while time.perf_counter() - began < seconds:
            time.sleep(0.1)
    finally:
        stop.set()
        while any(t.is_alive() for t in threads):
            [t.join(0.2) for t in threads]
        remove_bench_containers()
    return len(ends) / (max(ends) - began) if ends else 0.0, failures


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summary(values, extra=()):
    figures = [("min", min(values)), ("p50", pct(values, 50)), ("p95", pct(values, 95))]
    figures += [("p%d" % p, pct(values, p)) for p in extra] + [("max", max(values))]
    return "  ".join("%s %7.1f" % f for f in figures) + " ms"


verdicts = {}


def budget(number, name, measured, met):
    """Records the verdict on the issue's budget of that number; they are printed at the end, in the issue's order."""
    verdicts[number] = "  %d. %-42s %-38s %s" % (number, name, measured, "met" if met else "MISSED")


token, evals = project()
loops, loops_from = workers()
ended = []  # the final status of every evaluation of the load steps and the backlog

print("hello world, %d runs one at a time on an idle node" % RUNS)
call("POST", evals + "?wait=true", HELLO, token)  # warm-up
takes_before = pool_takes()
arena, bare, waits, retried = [], [], [], 0
for _ in range(RUNS):
    took, status, result = timed("POST", evals + "?wait=true", HELLO, token)
    assert status == 200 and result["status"] == "completed", result
    arena.append(took)
    waits.append((instant(result["startedAt"]) - instant(result["queuedAt"])) * 1000)
    retried += result["attempts"] > 1
    t = time.perf_counter()
    subprocess.run(["docker", "run", "--rm", "--network", "none", "arena/busybox:1", "echo", "hello"], check=True, capture_output=True)
    bare.append((time.perf_counter() - t) * 1000)
takes = {k: v - takes_before[k] for k, v in pool_takes().items()}
print("  Arena (?wait=true, end to end)  " + summary(arena))
print("  docker run --rm (CLI)           " + summary(bare))
print("  queue wait (startedAt-queuedAt) " + summary(waits))
print("  warm pool: %d hits, %d misses; %d runs needed another attempt (their queue wait includes the first)"
      % (takes["hit"], takes["miss"], retried))
budget(3, "hello world p50 < 150 ms (warm pool)", "p50 %.0f ms" % pct(arena, 50), pct(arena, 50) < 150)
budget(2, "queue wait p50 < 10 ms (idle worker)", "p50 %.1f ms" % pct(waits, 50), pct(waits, 50) < 10)


def client(n, submits, ends):
    for _ in range(n):
        t = time.perf_counter()
        took, status, evaluation = timed("POST", evals, HELLO, token)
        submits.append(took)
        if status != 202:
            ended.append("refused %d" % status)
            continue
        ended.append(until_done(evaluation)["status"])
        ends.append((time.perf_counter() - t) * 1000)


def load_steps():
    """Each step's clients at once, two evaluations each; returns [(users, accept latencies, end-to-end times,
    completed, seconds)]."""
    steps = []
    for users in STEPS:
        submits, ends = [], []
        before = len(ended)
        threads = [threading.Thread(target=client, args=(2, submits, ends)) for _ in range(users)]
        t = time.perf_counter()
        [th.start() for th in threads]; [th.join() for th in threads]
        steps.append((users, submits, ends, ended[before:].count("completed"), time.perf_counter() - t))
    return steps


for n in range(WARMUP):  # its evaluations count in the success rate below, as every other
    warm = load_steps()
    print("warm-up %d of %d: %d of %d completed" % (n + 1, WARMUP, sum(s[3] for s in warm), sum(2 * s[0] for s in warm)))

print("\n| Concurrent Users | Total Evaluations | Success Rate | Avg Response Time | p95 | Throughput |")
print("|---|---|---|---|---|---|")
all_submits = []
accepted_before = accept_histogram()
cpu_before = arena_cpu()
probe = WakeupProbe()
for users, submits, ends, ok, took in load_steps():
    all_submits += submits
    print("| %d | %d | %.0f %% | %.0f ms | %.0f ms | %.1f /s |" % (users, 2 * users, 100 * ok / (2 * users),
          statistics.mean(ends) if ends else 0, pct(ends, 95) if ends else 0, 2 * users / took))
accepted_after = accept_histogram()
wakeups = probe.stop()
server50, server99 = server_pct(accepted_before, accepted_after, 50), server_pct(accepted_before, accepted_after, 99)
print("\nsubmission latency (202), as the clients see it: " + summary(all_submits, extra=(99,)))
print("  Arena's own time (its request histogram): p50 <= %s ms, p99 <= %s ms" % (server50, server99))
if wakeups:
    print("  the host's wake-up latency in these steps (cyclictest, every 1 ms): " + wakeups)
cpu_after = arena_cpu()
if cpu_before is not None:
    cpu, compilers = cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1]
    print("  Arena's CPU in these steps: %.1f s, %.0f %% of it in the JIT compilers (BENCH_WARMUP rounds before: %d)"
          % (cpu, 100 * compilers / cpu if cpu else 0, WARMUP))
# Arena's own time is the budget's measure: the clients are Python threads on the same two cores as the
# sandboxes and the engine, and their figure includes waiting for the interpreter and a new connection each.
budget(1, "accept p99 < 10 ms (under the load above)", "server p99 <= %s ms, client %.0f ms" % (server99, pct(all_submits, 99)),
       server99 is not None and server99 < 10)

print("\nsustained throughput, the engine's own rate beside Arena's")
print("  loops: %d, from %s" % (loops, loops_from))


def engine_measured(when):
    rate, failures = engine_rate(loops, ENGINE_SECONDS)
    print("  engine, %s: %.2f create+start+wait+remove/s (%d loops for %.0f s over the engine's HTTP API, %d failures%s)"
          % (when, rate, loops, ENGINE_SECONDS, len(failures), "" if not failures else ", first: %s" % failures[0]))
    return rate


# The engine's rate drifts on a shared machine: measured before and after Arena's backlog, its mean is the
# baseline of the time between.
engine_before = engine_measured("before")
queued = []
for i in range(0, BACKLOG, MAX_BATCH):
    status, answer = call("POST", evals + "/batch", {"evaluations": [HELLO] * min(MAX_BATCH, BACKLOG - i)}, token)
    assert status == 202, answer
    queued += answer["items"]
results = [until_done(e) for e in queued]
ended += [r["status"] for r in results]
done = [r for r in results if r["status"] == "completed"]
span = max(instant(r["finishedAt"]) for r in done) - min(instant(r["startedAt"]) for r in done) if done else 0
sustained = len(done) / span if span > 0 else 0.0
print("  Arena: %.2f evaluations/s (%d of a backlog of %d completed, %.1f s from the first start to the last finish;"
      " at most %d ran at once)" % (sustained, len(done), BACKLOG, span, most_at_once(done)))
if most_at_once(done) > loops:
    print("  more ran at once than the engine had loops: set BENCH_WORKERS to Arena's arena.evaluations.workers")
raw = (engine_before + engine_measured("after")) / 2
ratio = sustained / raw if raw else 0.0
budget(5, "throughput >= 0.9 x the engine's rate", "%.2f/s vs %.2f/s (mean) = %.2f x" % (sustained, raw, ratio), ratio >= 0.9)
budget(4, "success 100 % (load steps and backlog)", "%d of %d completed" % (ended.count("completed"), len(ended)),
       ended.count("completed") == len(ended))

print("\nend to end, one at a time (python3):")
for name, source in [("print", "print('hi')"), ("1 s sleep", "import time\ntime.sleep(1)"),
                     ("CPU loop", "s = 0\nfor i in range(3_000_000): s += i * i\nprint(s)")]:
    took, _, r = timed("POST", evals + "?wait=true", {"language": "python3", "source": source}, token)
    print("  %-10s %6.0f ms  (%s, wall %s ms in the sandbox)" % (name, took, r["status"], r.get("wallTimeMs")))

print("\nbudgets of issue 4, this run:")
print("\n".join(verdicts[n] for n in sorted(verdicts)))
