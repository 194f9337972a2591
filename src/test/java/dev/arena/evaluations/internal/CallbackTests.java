package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.arena.evaluations.Language;
import dev.arena.platform.Ids;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A result is posted to the callback URL, signed, and retried until the receiver takes it; never to an
 * address of Arena's own networks unless allowed (the receiver here, on 127.0.0.1, is).
 */
@ArenaTest
@DirtiesContext
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:evaluation-callbacks;DB_CLOSE_DELAY=-1",
        "arena.evaluations.workers=1", "arena.evaluations.callback-secret=0123456789abcdef-test",
        "arena.evaluations.callback-allowed-hosts=127.0.0.1", "arena.evaluations.callback-attempts=2"})
class CallbackTests {

    @LocalServerPort
    int port;

    @Autowired
    Evaluations evaluations;

    @Autowired
    Ids ids;

    record Delivery(String signature, String attempt, String body) {
    }

    @Test
    void theResultIsPostedSignedAndRetriedUntilAccepted() throws Exception {
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Arena-Signature"),
                    exchange.getRequestHeaders().getFirst("Arena-Delivery-Attempt"), body));
            exchange.sendResponseHeaders(calls.incrementAndGet() == 1 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Api owner = Api.signedIn(port, "hooks");
            String project = owner.createProject(owner.createOrg("Hooks"), "hooks");
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            String id = owner.post("/v1/projects/" + project + "/evaluations?wait=true",
                    Map.of("language", "shell", "source", "echo called back", "callbackUrl", url)).text("id");

            for (int i = 0; i < 150 && !"delivered".equals(evaluations.callbackState(Long.parseLong(id))); i++) {
                Thread.sleep(100);
            }
            assertThat(evaluations.callbackState(Long.parseLong(id))).isEqualTo("delivered");
            assertThat(deliveries).hasSize(2);
            Delivery last = deliveries.getLast();
            assertThat(last.attempt()).isEqualTo("2");
            assertThat(last.body()).contains("\"id\":\"" + id + "\"").contains("called back");
            String t = last.signature().substring(2, last.signature().indexOf(','));
            assertThat(last.signature()).endsWith(",v1=" + Callbacks.sign("0123456789abcdef-test", t + "." + last.body()));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aCallbackUrlMustBeHttp() {
        Api owner = Api.signedIn(port, "hooks2");
        String project = owner.createProject(owner.createOrg("Hooks2"), "hooks");
        var refused = owner.post("/v1/projects/" + project + "/evaluations",
                Map.of("language", "shell", "source", "true", "callbackUrl", "file:///etc/passwd"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("field")).isEqualTo("callbackUrl");
    }

    @Test
    void callbacksToLocalOrPrivateAddressesAreRefused() {
        Api owner = Api.signedIn(port, "hooks3");
        String project = owner.createProject(owner.createOrg("Hooks3"), "hooks");
        for (String url : List.of("http://localhost:8080/hook", "http://10.0.0.7/hook", "http://169.254.169.254/latest/meta-data",
                "http://100.64.1.1/", "http://[::1]:9000/", "https://192.168.0.1/")) {
            var refused = owner.post("/v1/projects/" + project + "/evaluations",
                    Map.of("language", "shell", "source", "true", "callbackUrl", url));
            assertThat(refused.status()).as(url).isEqualTo(422);
            assertThat(refused.text("field")).isEqualTo("callbackUrl");
        }
    }

    @Test
    void aCallbackIsCheckedAgainWhenDelivered() throws InterruptedException {
        Api owner = Api.signedIn(port, "hooks4");
        long project = Long.parseLong(owner.createProject(owner.createOrg("Hooks4"), "hooks"));
        // As if the name had resolved to a public address at submission and to a private one now.
        long id = ids.next();
        evaluations.insert(id, project, "user:1", new Submission(Language.SHELL, "true", "", List.of(), false,
                "http://10.0.0.7/hook", new Limits(5000, 64 << 20, 16, 1000), null), Instant.now());

        for (int i = 0; i < 300 && !"failed".equals(evaluations.callbackState(id)); i++) {
            Thread.sleep(100);
        }
        assertThat(evaluations.callbackState(id)).isEqualTo("failed");
    }
}
