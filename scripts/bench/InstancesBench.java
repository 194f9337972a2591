// Load scenarios for challenge instances, run by scripts/bench/instances.sh against a running Arena.
// A single-file Java program (java InstancesBench.java <base-url> <deployment>): no build step, no
// dependencies. Every scenario runs after a warm-up of the same calls and reports the client's view and
// Arena's own (server-side percentiles from the difference of two scrapes of its latency histogram).
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class InstancesBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String INSTANCE_ROUTE = "/v1/projects/{projectId}/challenges/{challengeId}/instance";
    static String base;
    static String token;
    static String project;

    public static void main(String[] args) throws Exception {
        base = args[0];
        String deployment = args[1];
        int starts = Integer.parseInt(System.getProperty("starts", "20"));
        int pollSeconds = Integer.parseInt(System.getProperty("pollSeconds", "10"));
        int playerSeconds = Integer.parseInt(System.getProperty("playerSeconds", "30"));
        int mixSeconds = Integer.parseInt(System.getProperty("mixSeconds", "30"));
        int spamRuns = Integer.parseInt(System.getProperty("spamRuns", "3"));
        String email = "bench-" + System.nanoTime() + "@example.test";
        send("POST", "/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"displayName\":\"bench\"}");
        token = field(send("POST", "/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"client\":\"cli\"}").body(), "token");
        String org = field(send("POST", "/v1/orgs", "{\"name\":\"bench\"}").body(), "id");
        project = field(send("POST", "/v1/orgs/" + org + "/projects", "{\"name\":\"bench\"}").body(), "id");
        send("PUT", "/v1/projects/" + project + "/instance-policy", "{\"maxRunningPerPlayer\":1000,\"maxRunningPerProject\":100000}");
        String instance = "/v1/projects/" + project + "/challenges/" + challenge("bench", 3600, 1, 1000) + "/instance";
        String warm = "/v1/projects/" + project + "/challenges/" + challenge("warm", 3600, 1, 1000) + "/instance";
        String pooled = "/v1/projects/" + project + "/challenges/" + challenge("pooled", 3600, 1, 1000, 2) + "/instance";

        System.out.println("# warm-up: 5 starts, 2 pooled starts, 2,000 polls, 500 extends (not reported)");
        for (int i = 0; i < 5; i++) {
            expect(send("POST", instance, null), 201);
            send("DELETE", instance, null);
        }
        pooledStarts(pooled, 2);
        expect(send("POST", warm, null), 201);
        burst("GET", warm, 2000, 100);
        burst("POST", warm + "/extend", 500, 100);
        send("DELETE", warm, null);

        // Start latency: start and stop one after another.
        var before = scrape();
        List<Long> startMicros = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            long t0 = System.nanoTime();
            var r = send("POST", instance, null);
            startMicros.add((System.nanoTime() - t0) / 1000);
            expect(r, 201);
            send("DELETE", instance, null);
        }
        report("start, POST …/instance (synchronous)", startMicros, 0, 0, serverQuantiles(before, scrape(), "POST", INSTANCE_ROUTE));

        before = scrape();
        double hits = poolTakes("hit");
        startMicros = pooledStarts(pooled, starts);
        report("pooled start, POST …/instance (warmPool 2)", startMicros, 0, 0, serverQuantiles(before, scrape(), "POST", INSTANCE_ROUTE));
        System.out.printf("  taken from the pool: %.0f of %d%n", poolTakes("hit") - hits, starts);

        expect(send("POST", instance, null), 201);
        before = scrape();
        long t0 = System.nanoTime();
        List<Long> seen = players(instance, 2000, playerSeconds, 5000);
        report("status polling GET …/instance, 2,000 players each every 5 s", seen, seen.size(), System.nanoTime() - t0,
                serverQuantiles(before, scrape(), "GET", INSTANCE_ROUTE));

        before = scrape();
        t0 = System.nanoTime();
        List<Long> polls = poll(instance, 200, pollSeconds);
        report("status polling GET …/instance, 200 clients flat out", polls, polls.size(), System.nanoTime() - t0,
                serverQuantiles(before, scrape(), "GET", INSTANCE_ROUTE));

        send("DELETE", instance, null);

        warmExtends(instance);
        // The burst lasts a fifth of a second: one run can fall on a collection. Each run spams a fresh instance, so
        // that every run's count must come out exactly 1,000.
        for (int run = 1; run <= spamRuns; run++) {
            expect(send("POST", instance, null), 201);
            before = scrape();
            Cpu cpu = Cpu.now();
            t0 = System.nanoTime();
            List<Long> extends_ = burst("POST", instance + "/extend", 1000, 100);
            long spam = System.nanoTime() - t0;
            String spent = Cpu.now().since(cpu, 1000);
            int extensions = Integer.parseInt(number(send("GET", instance, null).body(), "extensions"));
            report("extension spam POST …/extend, 1,000 at 100, run %d of %d".formatted(run, spamRuns), extends_, 1000, spam,
                    serverQuantiles(before, scrape(), "POST", INSTANCE_ROUTE + "/extend"));
            System.out.printf("  extensions counted %d of 1,000 accepted (exact: %s); %s%n", extensions, extensions == 1000, spent);
            send("DELETE", instance, null);
        }

        mixed(deployment, mixSeconds);
    }

    /**
     * The seed's concurrent operations: 40 clients start, extend, poll and stop instances of 20 challenges
     * whose instances live 3 s, while the reaper expires them. Afterwards the database and the engine must
     * agree, no call may end in a 5xx, and no two extends of one instance may have been given the same count.
     */
    static void mixed(String deployment, int seconds) throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            paths.add("/v1/projects/" + project + "/challenges/" + challenge("mix-" + i, 3, 1, 1000) + "/instance");
        }
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, ConcurrentLinkedQueue<Integer>> counts = new ConcurrentHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 40; c++) {
                clients.submit(() -> {
                    var random = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                        String path = paths.get(random.nextInt(paths.size()));
                        int op = random.nextInt(10);
                        var r = op < 2 ? send("POST", path, null)
                                : op < 6 ? send("POST", path + "/extend", null)
                                : op < 9 ? send("GET", path, null)
                                : send("DELETE", path, null);
                        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (op >= 2 && op < 6 && r.statusCode() == 200) {
                            counts.computeIfAbsent(field(r.body(), "id"), id -> new ConcurrentLinkedQueue<>())
                                    .add(Integer.parseInt(number(r.body(), "extensions")));
                        }
                    }
                    return null;
                });
            }
        }
        int duplicates = 0;
        for (var seen : counts.values()) {
            duplicates += seen.size() - (int) seen.stream().distinct().count();
        }
        Thread.sleep(6000); // every instance has expired and the reaper (1 s) has run
        int live = send("GET", "/v1/projects/" + project + "/instances?live=true&limit=200", null).body().split("\"status\"", -1).length - 1;
        // Instance containers only (cold ones and pooled ones renamed for their instance), not idle warm ones.
        var ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=arena.deployment=" + deployment,
                "--filter", "name=arena-instance-").start();
        long containers = new String(ps.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).count();
        int serverErrors = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(e -> e.getValue().get()).sum();
        System.out.printf("%-45s %d s, answers %s%n", "mixed start/extend/poll/stop + reaper, 40 clients", seconds, new TreeMap<>(statuses));
        System.out.printf("  server errors %d; extends given a duplicate count %d; afterwards live instances %d, containers %d%n",
                serverErrors, duplicates, live, containers);
        System.out.println("  verdict: " + (serverErrors == 0 && duplicates == 0 && live == 0 && containers == 0 ? "consistent" : "INCONSISTENT"));
    }

    static String challenge(String name, int lifetime, int extension, int maxExtensions) throws Exception {
        return challenge(name, lifetime, extension, maxExtensions, 0);
    }

    static String challenge(String name, int lifetime, int extension, int maxExtensions, int warmPool) throws Exception {
        return field(send("POST", "/v1/projects/" + project + "/challenges", """
                {"name":"%s","image":"arena/busybox:1","command":["httpd","-f","-p","8080","-h","/www"],"ports":[8080],
                 "memoryMib":32,"cpus":0.5,"lifetimeSeconds":%d,"extensionSeconds":%d,"maxExtensions":%d,
                 "maxTotalSeconds":1000000,"flagTemplate":"flag{bench}","flagFile":"/www/flag.txt","warmPool":%d}"""
                .formatted(name, lifetime, extension, maxExtensions, warmPool)).body(), "id");
    }

    /**
     * Starts and stops instances of a challenge with a warm pool, one after another, 2 s apart so that the
     * pool (refilled in the background, ~0.3-0.5 s a container here) is full again at each start; the
     * latency of each start in µs. A start the pool could not serve goes cold and shows in the takes.
     */
    static List<Long> pooledStarts(String path, int starts) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            Thread.sleep(2000);
            long t0 = System.nanoTime();
            var r = send("POST", path, null);
            micros.add((System.nanoTime() - t0) / 1000);
            expect(r, 201);
            send("DELETE", path, null);
        }
        return micros;
    }

    /** How many starts the warm pools served ("hit") or not ("miss") so far. */
    static double poolTakes(String outcome) throws Exception {
        for (String line : send("GET", "/metrics", null).body().split("\n")) {
            if (line.startsWith("arena_instances_pool_takes_total{") && label(line, "outcome").equals(outcome)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /**
     * The seed's status polling: {@code players} simulated players, each polling the path every {@code intervalMs}
     * (the seed's UI polls every 5 s) from a random first moment, on a schedule that does not wait for slow
     * answers (open loop); the latency of each call in µs.
     */
    static List<Long> players(String path, int players, int seconds, int intervalMs) throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long interval = intervalMs * 1_000_000L;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int p = 0; p < players; p++) {
                long first = start + ThreadLocalRandom.current().nextLong(interval);
                threads.submit(() -> {
                    for (long due = first; due < end; due += interval) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(Duration.ofNanos(wait));
                        }
                        timedGet(path, micros, failures);
                    }
                    return null;
                });
            }
        }
        printFailures(failures);
        return micros;
    }

    /** One GET of the path: its latency in µs added to {@code micros}, a failure counted unless it answered 200. */
    static void timedGet(String path, List<Long> micros, AtomicInteger failures) throws Exception {
        long t0 = System.nanoTime();
        var r = send("GET", path, null);
        micros.add((System.nanoTime() - t0) / 1000);
        if (r.statusCode() != 200) {
            failures.incrementAndGet();
        }
    }

    /** {@code clients} loops polling one path for the given time; the latency of each call in µs. */
    static List<Long> poll(String path, int clients, int seconds) throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        timedGet(path, micros, failures);
                    }
                    return null;
                });
            }
        }
        printFailures(failures);
        return micros;
    }

    /** {@code total} calls, {@code concurrency} at a time; the latency of each in µs. */
    /**
     * Spams extends, 1,000 at 100 on a fresh instance a burst, in slices of five bursts until the compilers took
     * under 2 % of Arena's CPU in a slice (at most 300 s). A fresh JVM's compilers still took 30-50 % of an
     * extend's CPU after 30,000 extends, and rested after ~40,000 (2026-12-07); until then a burst measures the
     * JIT as much as Arena. Identity's logins are measured after the same rule (scripts/bench/identity.sh).
     */
    static void warmExtends(String instance) throws Exception {
        if (Cpu.PID == null) {
            System.out.println("# no -Darena.pid: the extension spam runs after the short warm-up only, the compilers still busy");
            return;
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        int bursts = 0;
        double share;
        do {
            Cpu before = Cpu.now();
            for (int i = 0; i < 5; i++, bursts++) {
                expect(send("POST", instance, null), 201);
                burst("POST", instance + "/extend", 1000, 100);
                send("DELETE", instance, null);
            }
            share = Cpu.now().compilersShare(before);
        } while (share >= 2 && System.nanoTime() < deadline);
        System.out.printf("# warm-up of the extension spam: %,d extends, until the compilers took %.1f %% of Arena's CPU in the last 5,000%n",
                bursts * 1000, share);
    }

    /**
     * Arena's CPU so far, from /proc (clock ticks of 10 ms): all of it, and its compiler threads' ("C1/C2
     * CompilerThre…"). A thread that ended in between is missing from the compilers' count, never from the whole.
     */
    record Cpu(long all, long compilers) {

        static final String PID = System.getProperty("arena.pid");

        static Cpu now() throws IOException {
            if (PID == null) {
                return new Cpu(-1, -1);
            }
            long compilers = 0;
            try (var tasks = Files.list(Path.of("/proc", PID, "task"))) {
                for (var task : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (Files.readString(task.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) {
                            compilers += ticks(task.resolve("stat"));
                        }
                    } catch (IOException ended) {
                        // the thread ended between the listing and the read
                    }
                }
            }
            return new Cpu(ticks(Path.of("/proc", PID, "stat")), compilers);
        }

        /** utime + stime, the 14th and 15th fields; the name before them may hold spaces, so count from its ')'. */
        private static long ticks(Path stat) throws IOException {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        double compilersShare(Cpu before) {
            return all == before.all ? 0 : 100.0 * (compilers - before.compilers) / (all - before.all);
        }

        /** "Arena's CPU N µs a call, the compilers' M" (not measured without -Darena.pid). */
        String since(Cpu before, int calls) {
            if (PID == null) {
                return "Arena's CPU not measured (no -Darena.pid)";
            }
            return "Arena's CPU %d µs a call, the compilers' %d".formatted((all - before.all) * 10_000 / calls,
                    (compilers - before.compilers) * 10_000 / calls);
        }
    }

    static List<Long> burst(String method, String path, int total, int concurrency) throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        Semaphore slots = new Semaphore(concurrency);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                slots.acquire();
                threads.submit(() -> {
                    try {
                        long t0 = System.nanoTime();
                        var r = send(method, path, null);
                        micros.add((System.nanoTime() - t0) / 1000);
                        if (r.statusCode() >= 300) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    } finally {
                        slots.release();
                    }
                    return null;
                });
            }
        }
        printFailures(failures);
        return micros;
    }

    static void printFailures(AtomicInteger failures) {
        if (failures.get() > 0) {
            System.out.println("  failures: " + failures.get());
        }
    }

    static void report(String name, List<Long> micros, int requests, long nanos, String server) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2) / 1000.0;
        double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1000.0;
        String rate = requests == 0 ? "" : String.format(" %.0f req/s", requests / (nanos / 1e9));
        System.out.printf("%-45s n=%d%s client p50=%.2f p99=%.2f ms; server %s%n", name, sorted.size(), rate, p50, p99, server);
    }

    // Arena's latency histogram (http_server_requests_seconds_bucket) per route ("METHOD uri"), summed
    // over its other labels: upper bound in seconds -> cumulative count. The difference of two scrapes
    // holds the calls in between.
    static Map<String, TreeMap<Double, Double>> scrape() throws Exception {
        Map<String, TreeMap<Double, Double>> routes = new HashMap<>();
        for (String line : send("GET", "/metrics", null).body().split("\n")) {
            if (line.startsWith("http_server_requests_seconds_bucket{")) {
                String labels = line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1);
                String le = label(labels, "le");
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                routes.computeIfAbsent(label(labels, "method") + " " + label(labels, "uri"), k -> new TreeMap<>())
                        .merge(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return routes;
    }

    static String serverQuantiles(Map<String, TreeMap<Double, Double>> before, Map<String, TreeMap<Double, Double>> after,
                                  String method, String uri) {
        TreeMap<Double, Double> now = after.get(method + " " + uri);
        if (now == null) {
            return "n/a";
        }
        TreeMap<Double, Double> then = before.getOrDefault(method + " " + uri, new TreeMap<>());
        TreeMap<Double, Double> calls = new TreeMap<>();
        now.forEach((bound, count) -> calls.put(bound, count - then.getOrDefault(bound, 0.0)));
        return String.format("p50≤%s p99≤%s ms", quantile(calls, 0.5), quantile(calls, 0.99));
    }

    /** The upper bound in ms of the bucket the quantile falls in. */
    static String quantile(TreeMap<Double, Double> calls, double q) {
        double total = calls.lastEntry().getValue();
        for (var bucket : calls.entrySet()) {
            if (total > 0 && bucket.getValue() >= q * total) {
                return bucket.getKey().isInfinite() ? "+Inf" : String.format("%.2f", bucket.getKey() * 1000);
            }
        }
        return "n/a";
    }

    static String label(String labels, String name) {
        Matcher m = Pattern.compile("[{,]" + name + "=\"([^\"]*)\"").matcher(labels);
        return m.find() ? m.group(1) : "";
    }

    static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + r.statusCode() + " " + r.body());
        }
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
