package dev.arena.chatops.discord;

import dev.arena.chatops.ScheduleEvent;
import dev.arena.chatops.SecretSettings;
import dev.arena.chatops.internal.ChatopsSettings;
import dev.arena.threats.ThreatAlert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts alerts — failed and skipped scheduled runs, threat alerts — to the alert channel
 * ({@value SecretSettings#DISCORD_ALERT_CHANNEL}) through Discord's REST API with the bot's token. Every node
 * posts the alerts raised on it, whether or not it runs the bot: only one node holds the Gateway connection,
 * and alerts from the others would otherwise be lost. Posting happens on a virtual thread of its own, so the
 * node that raised the alert never waits for Discord; an alert Discord refuses is logged, not retried.
 */
@Component
class DiscordAlerts {

    private static final Logger log = LoggerFactory.getLogger(DiscordAlerts.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SecretSettings settings;
    private final ChatopsSettings endpoints;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    private final ExecutorService posts = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("discord-alert-", 0).factory());

    DiscordAlerts(SecretSettings settings, ChatopsSettings endpoints, JsonMapper json) {
        this.settings = settings;
        this.endpoints = endpoints;
        this.json = json;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void scheduleEvent(ScheduleEvent event) {
        if (event instanceof ScheduleEvent.ScheduleFailed || event instanceof ScheduleEvent.ScheduleSkipped) {
            post("Schedule '" + event.scheduleName() + "' (project " + event.projectId() + "): " + event.describe());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void threatAlert(ThreatAlert alert) {
        post("Threat (" + alert.severity() + ", project " + alert.projectId() + "): " + alert.summary()
                + (alert.techniques().isEmpty() ? "" : " " + alert.techniques()));
    }

    /** Posts a line to the alert channel; does nothing while no token or no alert channel is set. */
    void post(String text) {
        Optional<String> token;
        Optional<String> channel;
        try {
            token = settings.value(SecretSettings.DISCORD_TOKEN);
            channel = settings.value(SecretSettings.DISCORD_ALERT_CHANNEL);
        } catch (SecretSettings.SettingUnreadable e) {
            log.error("No alert posted: {}", e.getMessage());
            return;
        }
        if (token.isPresent() && channel.isPresent()) {
            String content = text.length() <= DiscordMessages.MAX_CONTENT ? text : text.substring(0, DiscordMessages.MAX_CONTENT);
            posts.execute(() -> send(token.get(), channel.get(), content));
        }
    }

    private void send(String token, String channel, String content) {
        var request = HttpRequest.newBuilder(URI.create(endpoints.discordApiUrl() + "channels/" + channel + "/messages"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bot " + token)
                .header("User-Agent", "DiscordBot (arena, 1)")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("content", content))))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                log.warn("Discord refused an alert for channel {} with {}", channel, status);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            log.warn("An alert could not reach Discord: {}", e.toString());
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        posts.shutdownNow();
    }
}
