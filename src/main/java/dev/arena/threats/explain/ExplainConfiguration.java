package dev.arena.threats.explain;

import dev.arena.threats.AnalystSettings;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the analyst from {@link AnalystSettings}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnalystSettings.class)
class ExplainConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService analystCalls() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("threat-analyst-", 0).factory());
    }

    @Bean
    Analyst analyst(AnalystSettings settings, JsonMapper json, @Qualifier("analystCalls") ExecutorService calls) {
        var http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        return new ChatCompletionsAnalyst(settings, http, json, calls);
    }
}
