package dev.arena.chatops.discord;

import dev.arena.chatops.ChatCommands;
import dev.arena.chatops.SecretSettings;
import dev.arena.chatops.SettingChanged;
import dev.arena.chatops.internal.ChatopsSettings;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The Discord bot's life. Of the nodes sharing the database, the one holding the bot's {@link BotLease} runs the
 * bot — Discord would otherwise deliver each interaction to every node's connection and each would answer it. The
 * holder renews the lease every third of {@code arena.chatops.discord-lease}; the others try to take it just as
 * often, so when the holder dies another node runs the bot within one lease. A holder that stops gives the lease
 * up at once. While it holds the lease and a bot token is set ({@value SecretSettings#DISCORD_TOKEN} in the
 * encrypted settings) the node connects, reconnects when the token or the server changes and disconnects when
 * the token is removed (it then gives the lease up too). It registers {@code /arena} in the configured server
 * (or globally). It talks to Discord's REST API and Gateway at {@code arena.chatops.discord-api-url} and
 * {@code discord-gateway-url} (Discord's own unless set otherwise). Alerts are posted by {@link DiscordAlerts}
 * from every node.
 */
@Component
class DiscordBot {

    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);

    /** What the bot connected with; a change of either means connecting again. */
    private record Identity(String token, Optional<String> guild) {
    }

    private record Connection(JDA jda, Identity identity) {
    }

    private final SecretSettings settings;
    private final ChatCommands commands;
    private final ChatopsSettings endpoints;
    private final BotLease lease;
    private final ExecutorService work = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("discord-", 0).factory());
    private final ScheduledExecutorService renewals =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("discord-lease").factory());
    private @Nullable Connection connection;

    DiscordBot(SecretSettings settings, ChatCommands commands, ChatopsSettings endpoints, DataSource dataSource) {
        this.settings = settings;
        this.commands = commands;
        this.endpoints = endpoints;
        this.lease = new BotLease(dataSource, endpoints.discordLease());
    }

    /** Starts taking part in the bot's election, unless this node may not run the bot. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (endpoints.discordBot()) {
            long every = endpoints.discordLease().toMillis() / 3;
            renewals.scheduleAtFixedRate(this::keep, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    /** After the commit, when the vault's cache has forgotten the old value, so the new token is the one read. */
    @TransactionalEventListener(fallbackExecution = true)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void settingChanged(SettingChanged changed) {
        if (endpoints.discordBot() && changed.name().startsWith("discord.")) {
            renewals.execute(this::keep);
        }
    }

    /** Whether this node runs the bot now. */
    synchronized boolean running() {
        return connection != null;
    }

    /**
     * Brings this node in line: without a token it runs no bot and holds no lease; with one, it renews or takes
     * the lease and runs the bot with the current token and server, or runs none when another node holds it.
     */
    synchronized void keep() {
        try {
            Optional<Identity> wanted = wanted();
            if (wanted.isEmpty()) {
                disconnect();
                lease.release();
            } else if (!lease.hold()) {
                disconnect();
            } else if (connection == null || !connection.identity().equals(wanted.get())
                    || connection.jda().getStatus() == JDA.Status.SHUTDOWN) {
                disconnect();
                connect(wanted.get());
            }
        } catch (RuntimeException e) {
            // Unable to renew (the database is out of reach), this node cannot know it still holds the lease, and
            // another node takes it once it runs out: stop now rather than run a second bot then.
            disconnect();
            log.error("The Discord bot's lease could not be kept; the bot is stopped on this node: {}", e.toString());
        }
    }

    private Optional<Identity> wanted() {
        try {
            return settings.value(SecretSettings.DISCORD_TOKEN).map(token -> new Identity(token, settings.value(SecretSettings.DISCORD_GUILD)));
        } catch (SecretSettings.SettingUnreadable e) {
            log.error("The Discord bot stays off: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Logs in and starts the Gateway session without waiting for it, so a slow Gateway never holds the lease's renewals. */
    private void connect(Identity identity) {
        try {
            JDA bot = JDABuilder.createLight(identity.token())
                    .setRestConfig(new RestConfig().setBaseUrl(endpoints.discordApiUrl().toString()))
                    .setSessionController(new GatewayAt(endpoints.discordGatewayUrl().toString()))
                    .addEventListeners(new DiscordListener(commands, work), new Registration(identity.guild()))
                    .build();
            connection = new Connection(bot, identity);
            log.info("This node runs the Discord bot ({})", lease.holder());
            // Logging in can outlast a renewal; if the lease ran out meanwhile another node may run the bot now.
            if (!lease.hold()) {
                disconnect();
            }
        } catch (RuntimeException e) {
            // Let a node that may fare better have the lease.
            lease.release();
            log.error("The Discord bot could not connect: {}", e.getMessage());
        }
    }

    private void disconnect() {
        if (connection != null) {
            connection.jda().shutdownNow();
            connection = null;
            log.info("This node no longer runs the Discord bot ({})", lease.holder());
        }
    }

    /** Registers {@code /arena} in the server once the session is ready (its guilds are known by then), else globally. */
    private static final class Registration extends ListenerAdapter {

        private final Optional<String> guild;

        Registration(Optional<String> guild) {
            this.guild = guild;
        }

        @Override
        public void onReady(ReadyEvent event) {
            JDA bot = event.getJDA();
            Guild server = guild.map(bot::getGuildById).orElse(null);
            (server == null ? bot.updateCommands() : server.updateCommands()).addCommands(DiscordMessages.definition()).queue();
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

    /** Stops the bot and gives its lease up, so that another node takes over at its next try. */
    @jakarta.annotation.PreDestroy
    synchronized void stop() {
        renewals.shutdownNow();
        disconnect();
        lease.release();
        work.shutdownNow();
    }
}
