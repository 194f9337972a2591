package dev.arena.platform.internal;

import dev.arena.platform.PlatformSettings;
import dev.arena.platform.ProblemWriter;
import dev.arena.platform.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The probe port ({@code arena.platform.probe-port}): a second Tomcat connector that serves only
 * {@code /v1/health/*}. Its acceptor, poller and two platform threads are its own, so a liveness or
 * readiness probe does not wait in the main connector's queue — behind the poller and the two carriers
 * of the request virtual threads — when hundreds of clients keep those busy; the OS schedules its thread
 * beside them. Every other path answers 404 there: it is not a second way into the API.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "arena.platform", name = "probe-port")
class ProbePort {

    static final String HEALTH = "/v1/health/";

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> probeConnector(PlatformSettings settings) {
        return factory -> {
            var connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(port(settings));
            // not customised like the main connector: a small pool of platform threads, not virtual threads
            connector.setProperty("maxThreads", "2");
            connector.setProperty("minSpareThreads", "2");
            factory.addAdditionalConnectors(connector);
        };
    }

    @Bean
    FilterRegistrationBean<HealthOnly> healthOnlyOnProbePort(PlatformSettings settings, ProblemWriter problems) {
        var registration = new FilterRegistrationBean<>(new HealthOnly(port(settings), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Answers 404 to every request on the probe port but the health routes. */
    static final class HealthOnly extends OncePerRequestFilter {

        private final int port;
        private final ProblemWriter problems;

        HealthOnly(int port, ProblemWriter problems) {
            this.port = port;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getLocalPort() == port && !request.getRequestURI().startsWith(HEALTH)) {
                problems.write(response, Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                        "This port answers only " + HEALTH + "*."));
                return;
            }
            chain.doFilter(request, response);
        }
    }

    private static int port(PlatformSettings settings) {
        return Objects.requireNonNull(settings.probePort(), "arena.platform.probe-port");
    }
}
