package dev.arena.chatops.discord;

import dev.arena.chatops.ChatCommands;
import dev.arena.chatops.ScheduleEvent;
import dev.arena.chatops.SecretSettings;
import dev.arena.chatops.SettingChanged;
import dev.arena.chatops.internal.ChatopsSettings;
import dev.arena.threats.ThreatAlert;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The Discord bot's life: it connects when Arena is ready and a bot token is set
 * ({@value SecretSettings#DISCORD_TOKEN} in the encrypted settings), reconnects when a {@code discord.*}
 * setting changes, and disconnects when the token is removed. It registers {@code /arena} in the configured
 * server (or globally) and posts alerts — failed and skipped scheduled runs, threat alerts — to the alert channel.
 * {@link #post} is the one way in for alerts from elsewhere. It talks to Discord's REST API and Gateway at
 * {@code arena.chatops.discord-api-url} and {@code discord-gateway-url} (Discord's own unless set otherwise).
 */
@Component
class DiscordBot {

    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);

    private final SecretSettings settings;
    private final ChatCommands commands;
    private final ChatopsSettings endpoints;
    private final ExecutorService work = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("discord-", 0).factory());
    private volatile @Nullable JDA jda;

    DiscordBot(SecretSettings settings, ChatCommands commands, ChatopsSettings endpoints) {
        this.settings = settings;
        this.commands = commands;
        this.endpoints = endpoints;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        work.execute(this::connect);
    }

    /** After the commit, when the vault's cache has forgotten the old value, so the new token is the one read. */
    @TransactionalEventListener(fallbackExecution = true)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void settingChanged(SettingChanged changed) {
        if (changed.name().startsWith("discord.")) {
            work.execute(() -> {
                disconnect();
                connect();
            });
        }
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

    /** Posts a line to the alert channel; does nothing while the bot is off or no alert channel is set. */
    void post(String text) {
        JDA bot = jda;
        Optional<String> channel;
        try {
            channel = settings.value(SecretSettings.DISCORD_ALERT_CHANNEL);
        } catch (SecretSettings.SettingUnreadable e) {
            log.error("No alert posted: {}", e.getMessage());
            return;
        }
        if (bot == null || channel.isEmpty()) {
            return;
        }
        TextChannel target = bot.getTextChannelById(channel.get());
        if (target == null) {
            log.warn("The Discord alert channel {} is not visible to the bot", channel.get());
            return;
        }
        target.sendMessage(text.length() <= DiscordMessages.MAX_CONTENT ? text : text.substring(0, DiscordMessages.MAX_CONTENT)).queue();
    }

    private synchronized void connect() {
        Optional<String> token;
        try {
            token = settings.value(SecretSettings.DISCORD_TOKEN);
        } catch (SecretSettings.SettingUnreadable e) {
            log.error("The Discord bot stays off: {}", e.getMessage());
            return;
        }
        if (token.isEmpty() || jda != null) {
            return;
        }
        try {
            JDA bot = JDABuilder.createLight(token.get())
                    .setRestConfig(new RestConfig().setBaseUrl(endpoints.discordApiUrl().toString()))
                    .setSessionController(new GatewayAt(endpoints.discordGatewayUrl().toString()))
                    .addEventListeners(new DiscordListener(commands, work))
                    .build().awaitReady();
            Guild guild = settings.value(SecretSettings.DISCORD_GUILD).map(bot::getGuildById).orElse(null);
            (guild == null ? bot.updateCommands() : guild.updateCommands()).addCommands(DiscordMessages.definition()).queue();
            jda = bot;
            log.info("The Discord bot is connected");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The Discord bot could not connect: {}", e.getMessage());
        }
    }

    private synchronized void disconnect() {
        JDA bot = jda;
        jda = null;
        if (bot != null) {
            bot.shutdown();
        }
    }

    /** JDA's usual session controller, except for the Gateway address it hands out. */
    private static final class GatewayAt extends ConcurrentSessionController {

        private final String url;

        GatewayAt(String url) {
            this.url = url;
        }

        @Override
        public String getGateway() {
            return url;
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        disconnect();
        work.shutdownNow();
    }
}
