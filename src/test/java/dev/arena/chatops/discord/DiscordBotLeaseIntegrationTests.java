package dev.arena.chatops.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.chatops.ChatCommands;
import dev.arena.chatops.Reply;
import dev.arena.chatops.SecretSettings;
import dev.arena.chatops.internal.ChatopsSettings;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Two nodes' bots on one database against {@link DiscordStandIn}: only the one holding the lease identifies to the
 * Gateway; when it stops, or loses the database and so cannot renew, the other takes over within one lease.
 * The nodes here are two bot managers in one JVM, each a lease holder of its own, as two Arena nodes are.
 */
class DiscordBotLeaseIntegrationTests {

    static final String TOKEN = "MTE.lease.bot-token";
    static final Duration LEASE = Duration.ofSeconds(6);
    static final Duration WAIT = Duration.ofSeconds(20);

    private final DiscordStandIn discord = new DiscordStandIn(TOKEN);
    private final JdbcDataSource database = new JdbcDataSource();
    private final SecretSettings settings = name -> Optional.ofNullable(
            Map.of(SecretSettings.DISCORD_TOKEN, TOKEN, SecretSettings.DISCORD_GUILD, discord.guildId).get(name));
    private final ChatCommands commands = (caller, command) -> Reply.ok("answered");
    private Node first;
    private Node second;

    /** One node's bot and the database as that node reaches it. */
    private final class Node {
        volatile boolean databaseDown;
        final DiscordBot bot;

        Node() {
            DataSource reach = new DelegatingDataSource(database) {
                @Override
                public Connection getConnection() throws SQLException {
                    if (databaseDown) {
                        throw new SQLTransientConnectionException("the database is out of reach");
                    }
                    return super.getConnection();
                }
            };
            var endpoints = new ChatopsSettings(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(10),
                    1.0, List.of(0.0), URI.create(discord.apiUrl()), URI.create(discord.gatewayUrl()), true, LEASE);
            bot = new DiscordBot(settings, commands, endpoints, reach);
        }
    }

    @BeforeEach
    void twoNodesOnOneDatabase() {
        database.setURL("jdbc:h2:mem:bot-lease-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcClient.create(database).sql("""
                CREATE TABLE shedlock (name VARCHAR(64) NOT NULL PRIMARY KEY, lock_until TIMESTAMP WITH TIME ZONE NOT NULL,
                locked_at TIMESTAMP WITH TIME ZONE NOT NULL, locked_by VARCHAR(255) NOT NULL)""").update();
        first = new Node();
        second = new Node();
        first.bot.start();
        second.bot.start();
    }

    @AfterEach
    void stop() throws Exception {
        first.bot.stop();
        second.bot.stop();
        discord.close();
    }

    @Test
    void onlyOneNodeIdentifiesAndTheOtherTakesOverWhenItStops() {
        DiscordStandIn.await(() -> discord.openSessions() == 1, WAIT, "one node connects");
        holdsForTwoLeases();
        Node runner = first.bot.running() ? first : second;
        Node other = runner == first ? second : first;
        assertThat(other.bot.running()).isFalse();

        Instant stopped = Instant.now();
        runner.bot.stop();

        DiscordStandIn.await(() -> other.bot.running() && discord.openSessions() == 1 && discord.identifies().size() == 2, WAIT,
                "the other node connects");
        assertThat(Duration.between(stopped, Instant.now())).as("a stopping node gives its lease up at once").isLessThan(LEASE);
        assertThat(discord.identifies()).allSatisfy(identify -> assertThat(identify.path("token").asString()).isEqualTo(TOKEN));
    }

    @Test
    void aNodeThatCannotRenewStopsItsBotAndAnotherTakesOverWithinOneLease() {
        DiscordStandIn.await(() -> discord.openSessions() == 1, WAIT, "one node connects");
        Node runner = first.bot.running() ? first : second;
        Node other = runner == first ? second : first;

        Instant cutOff = Instant.now();
        runner.databaseDown = true;

        DiscordStandIn.await(() -> other.bot.running(), WAIT, "the other node takes over");
        Duration takeover = Duration.between(cutOff, Instant.now());
        assertThat(runner.bot.running()).isFalse();
        assertThat(takeover).as("within the lease and one try of the other node").isLessThan(LEASE.plus(LEASE.dividedBy(3)).plusSeconds(1));
        DiscordStandIn.await(() -> discord.openSessions() == 1 && discord.identifies().size() == 2, WAIT, "one session, the new runner's");
        holdsForTwoLeases();
    }

    /** Over two lease lengths the renewals keep the same single session: nobody else identifies meanwhile. */
    private void holdsForTwoLeases() {
        int identified = discord.identifies().size();
        Instant end = Instant.now().plus(LEASE.multipliedBy(2));
        while (Instant.now().isBefore(end)) {
            assertThat(discord.openSessions()).isLessThanOrEqualTo(1);
            assertThat(first.bot.running() && second.bot.running()).as("both nodes run the bot").isFalse();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(discord.identifies()).hasSize(identified);
        assertThat(discord.openSessions()).isEqualTo(1);
    }
}
