package dev.arena.threats.ingest;

import dev.arena.platform.BodyLimit;
import dev.arena.threats.ThreatSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ThreatSettings.class)
class IngestConfiguration {

    /** Ingest takes batches: its own body limit, {@code arena.threats.max-request-size}. */
    @Bean
    BodyLimit threatIngestBodyLimit(ThreatSettings settings) {
        return new BodyLimit(IngestController.ROUTE, settings.maxRequestSize());
    }

    @Bean
    EventParser threatEventParser(JsonMapper json) {
        return new EventParser(json);
    }
}
