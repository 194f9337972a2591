package dev.arena.threats.respond;

import dev.arena.identity.ProjectAccess;
import dev.arena.instances.InstanceControl;
import dev.arena.platform.Ids;
import dev.arena.platform.PlatformSettings;
import dev.arena.platform.ProblemWriter;
import dev.arena.platform.RateLimiter;
import dev.arena.platform.SharedCaches;
import dev.arena.threats.ResponseSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the responses from {@link ResponseSettings}: the built-in policies and each project's, the block list
 * and its filter, the responder.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResponseSettings.class)
class RespondConfiguration {

    static final String BUILT_IN_POLICIES = "threats/policies.yaml";

    @Bean
    PolicySet builtInPolicies(ResponseSettings settings) throws IOException {
        if (settings.policiesFile() != null) {
            InputStream in;
            try {
                in = Files.newInputStream(settings.policiesFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("arena.threats.response.policies-file: cannot read " + settings.policiesFile(), e);
            }
            return PolicySet.load(in, settings.policiesFile().toString());
        }
        return PolicySet.load(new ClassPathResource(BUILT_IN_POLICIES).getInputStream(), "classpath:" + BUILT_IN_POLICIES);
    }

    @Bean
    ProjectPolicies projectPolicies(PolicySet builtIn, PolicySets stored, SharedCaches caches, Clock clock) {
        return new ProjectPolicies(builtIn, stored, caches, clock);
    }

    @Bean
    BlockList blockList(ResponseSettings settings) {
        List<Cidr> allowed = settings.allowList().stream().map(text -> {
            try {
                return Cidr.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("arena.threats.response.allow-list: " + e.getMessage(), e);
            }
        }).toList();
        return new BlockList(allowed);
    }

    /** Right after the request-size limit, before Spring Security: a blocked caller costs one lookup. */
    @Bean
    FilterRegistrationBean<BlockFilter> blockFilter(BlockList list, PlatformSettings platform, ProblemWriter problems, Clock clock,
                                                    MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new BlockFilter(list, platform.trustedProxies(), problems, clock,
                meters.counter("arena.threats.blocked.requests")));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    PolicyResponder responder(ProjectPolicies policies, BlockService blocks, Blocks stored, BlockList list, ThreatResponses audit,
                              InstanceControl instances, ProjectAccess projects, RateLimiter limiter, ApplicationEventPublisher events,
                              TransactionTemplate tx, Ids ids, ResponseSettings settings, Clock clock,
                              MeterRegistry meters) {
        // Instances are stopped in the background, so that a slow engine never holds up a decision.
        var stops = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("threat-stop-", 0).factory());
        return new PolicyResponder(policies, blocks, stored, list, audit, instances, projects, limiter, events, tx, ids, settings, stops,
                clock, meters);
    }
}
