package dev.arena.platform.internal;

import dev.arena.platform.PlatformSettings;
import dev.arena.platform.ProblemWriter;
import dev.arena.platform.Problems;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The probe port ({@code arena.platform.probe-port}): a second Tomcat connector that serves only
 * {@code /v1/health/live} and {@code /v1/health/ready}. Its acceptor, poller and two platform threads are its
 * own, so a probe does not wait in the main connector's queue — behind the poller and the two carriers of
 * the request virtual threads — when hundreds of clients keep those busy; the OS schedules its threads beside
 * them. An engine valve answers the probes before any servlet machinery: Tomcat builds every request's filter
 * chain under one lock of the application (its {@code findFilterConfig}), and under 500 clients a probe
 * thread waited 1.6 s for that lock (JFR, {@code jdk.JavaMonitorEnter}) while the virtual threads of the main
 * port took it in turn. Every other path answers 404 there: it is not a second way into the API.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "arena.platform", name = "probe-port")
class ProbePort {

    static final String LIVE = "/v1/health/live";
    static final String READY = "/v1/health/ready";

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> probeConnector(PlatformSettings settings, Readiness readiness,
                                                                              ProblemWriter problems) {
        return factory -> {
            var connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(port(settings));
            // not customised like the main connector: a small pool of platform threads, not virtual threads
            connector.setProperty("maxThreads", "2");
            connector.setProperty("minSpareThreads", "2");
            factory.addAdditionalConnectors(connector);
            factory.addEngineValves(new Probes(port(settings), readiness, problems));
        };
    }

    /** Answers every request on the probe port itself: the two probes, and 404 to anything else. */
    static final class Probes extends ValveBase {

        private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

        private final int port;
        private final Readiness readiness;
        private final ProblemWriter problems;

        Probes(int port, Readiness readiness, ProblemWriter problems) {
            super(true);
            this.port = port;
            this.readiness = readiness;
            this.problems = problems;
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            if (request.getLocalPort() != port) {
                getNext().invoke(request, response);
                return;
            }
            String path = request.getRequestURI();
            String notReady = path.equals(READY) ? readiness.notReadyBecause() : null;
            if (!"GET".equals(request.getMethod()) || !path.equals(LIVE) && !path.equals(READY)) {
                problems.write(response, Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                        "This port answers only GET " + LIVE + " and " + READY + "."));
            } else if (notReady != null) {
                problems.write(response, HealthController.notReady(notReady));
            } else {
                response.setStatus(200);
                response.setContentType("application/json");
                response.setContentLength(UP.length);
                response.getOutputStream().write(UP);
            }
        }
    }

    private static int port(PlatformSettings settings) {
        return Objects.requireNonNull(settings.probePort(), "arena.platform.probe-port");
    }
}
