package dev.arena.threats;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the optional LLM analyst, prefix {@code arena.threats.analyst}. Without a base URL every
 * session gets the rule-based summary. A key set at run time ({@link AnalystKey}, the encrypted setting
 * {@value AnalystKey#SETTING}) is sent in preference to {@code api-key} here (an environment variable such as
 * {@code ARENA_THREATS_ANALYST_API_KEY} keeps it out of files); neither is logged.
 *
 * @param baseUrl       an OpenAI-compatible API, e.g. {@code https://api.openai.com/v1} or a local server's
 *                      {@code http://127.0.0.1:11434/v1}; {@code /chat/completions} is appended (default: none)
 * @param model         the model to ask (default {@code gpt-4o-mini})
 * @param apiKey        sent as {@code Authorization: Bearer} while no key is set at run time; unset sends none (default: none)
 * @param timeout       longest wait for an answer before the rule-based summary is used (default 5s)
 * @param maxConcurrent calls in flight at once; beyond it sessions get the rule-based summary (default 4)
 * @param cacheSize     analyses kept, per session and what it contained when asked (default 10000)
 */
@ConfigurationProperties("arena.threats.analyst")
public record AnalystSettings(
        @Nullable URI baseUrl,
        @DefaultValue("gpt-4o-mini") String model,
        @Nullable String apiKey,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("4") int maxConcurrent,
        @DefaultValue("10000") int cacheSize) {

    public AnalystSettings {
        require(baseUrl == null || "http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()),
                "arena.threats.analyst.base-url must be an http or https URL, was " + baseUrl);
        require(!model.isBlank(), "arena.threats.analyst.model must not be blank");
        require(timeout.toMillis() >= 100 && timeout.toSeconds() <= 60, "arena.threats.analyst.timeout must be 100ms-60s, was " + timeout);
        require(maxConcurrent >= 1, "arena.threats.analyst.max-concurrent must be at least 1, was " + maxConcurrent);
        require(cacheSize >= 1, "arena.threats.analyst.cache-size must be at least 1, was " + cacheSize);
    }

    /** Whether a model is configured at all. */
    public boolean enabled() {
        return baseUrl != null;
    }

    @Override
    public String toString() {
        return "AnalystSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "unset" : "(set)")
                + ", timeout=" + timeout + ", maxConcurrent=" + maxConcurrent + ", cacheSize=" + cacheSize + "]";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
