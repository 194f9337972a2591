package dev.arena.threats.explain;

import dev.arena.threats.AnalystKey;
import dev.arena.threats.AnalystSettings;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the analyst from {@link AnalystSettings}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnalystSettings.class)
class ExplainConfiguration {

    /** Without an {@link AnalystKey} (chat-ops absent) only the configured key is sent. */
    @Bean
    Analyst analyst(AnalystSettings settings, ObjectProvider<AnalystKey> runtimeKey, JsonMapper json) {
        var calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("threat-analyst-", 0).factory());
        var http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        return new ChatCompletionsAnalyst(settings, runtimeKey.getIfAvailable(() -> Optional::empty), http, json, calls);
    }
}
