// Load scenarios for challenge instances, run by scripts/bench/instances.sh against a running Arena.
// A single-file Java program (java InstancesBench.java <base-url>): no build step, no dependencies.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class InstancesBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        base = args[0];
        int players = Integer.parseInt(System.getProperty("players", "2000"));
        int starts = Integer.parseInt(System.getProperty("starts", "20"));
        String email = "bench-" + System.nanoTime() + "@example.test";
        send("POST", "/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"displayName\":\"bench\"}");
        token = field(send("POST", "/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"client\":\"cli\"}").body(), "token");
        String org = field(send("POST", "/v1/orgs", "{\"name\":\"bench\"}").body(), "id");
        String project = field(send("POST", "/v1/orgs/" + org + "/projects", "{\"name\":\"bench\"}").body(), "id");
        send("PUT", "/v1/projects/" + project + "/instance-policy", "{\"maxRunningPerPlayer\":1000,\"maxRunningPerProject\":100000}");
        String challenge = field(send("POST", "/v1/projects/" + project + "/challenges", """
                {"name":"bench","image":"arena/busybox:1","command":["httpd","-f","-p","8080","-h","/www"],"ports":[8080],
                 "memoryMib":32,"cpus":0.5,"lifetimeSeconds":3600,"extensionSeconds":1,"maxExtensions":1000,
                 "maxTotalSeconds":100000,"flagTemplate":"flag{bench}","flagFile":"/www/flag.txt"}""").body(), "id");
        String instance = "/v1/projects/" + project + "/challenges/" + challenge + "/instance";

        // Start latency: start and stop one after another.
        List<Long> startMs = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            long t0 = System.nanoTime();
            var r = send("POST", instance, null);
            startMs.add((System.nanoTime() - t0) / 1_000_000);
            if (r.statusCode() != 201) {
                throw new IllegalStateException("start failed: " + r.statusCode() + " " + r.body());
            }
            send("DELETE", instance, null);
        }
        report("start (POST …/instance, synchronous)", startMs, 0);

        send("POST", instance, null);
        // Status polling: `players` requests, 100 at a time, all for the same cached instance.
        report("status polling GET …/instance", burst("GET", instance, players, 100), players);
        // Extension spam: 1,000 requests, 100 concurrent (1,000 extensions allowed, so all succeed).
        report("extension spam POST …/instance/extend", burst("POST", instance + "/extend", 1000, 100), 1000);
        send("DELETE", instance, null);
    }

    static long wallStart;

    static List<Long> burst(String method, String path, int total, int concurrency) throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        Semaphore slots = new Semaphore(concurrency);
        wallStart = System.nanoTime();
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
        if (failures.get() > 0) {
            System.out.println("  failures: " + failures.get());
        }
        return micros;
    }

    static void report(String name, List<Long> values, int requests) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        long p50 = sorted.get(sorted.size() / 2);
        long p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
        if (requests == 0) {
            System.out.printf("%-45s n=%d p50=%d ms p99=%d ms%n", name, sorted.size(), p50, p99);
        } else {
            double seconds = (System.nanoTime() - wallStart) / 1e9;
            System.out.printf("%-45s n=%d %.0f req/s client p50=%.2f ms p99=%.2f ms%n", name, sorted.size(),
                    requests / seconds, p50 / 1000.0, p99 / 1000.0);
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
}
