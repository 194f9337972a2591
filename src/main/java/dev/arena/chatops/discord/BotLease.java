package dev.arena.chatops.discord;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The lease that lets one node of those sharing the database run the Discord bot: a ShedLock lock named
 * {@value #NAME} in the {@code shedlock} table, held for {@code length} at a time and renewed by its holder
 * before it runs out. Each lease object is a holder of its own (a random id, not the host name), so that a
 * renewal never succeeds for a lease another holder took over, even on the same host. Times are the
 * database's, so the nodes' clocks need not agree.
 */
final class BotLease {

    static final String NAME = "discord-bot";
    private static final Logger log = LoggerFactory.getLogger(BotLease.class);

    private final String holder = "discord-bot-" + UUID.randomUUID();
    private final JdbcTemplateLockProvider locks;
    private final Duration length;
    private @Nullable SimpleLock held;

    BotLease(DataSource dataSource, Duration length) {
        this.locks = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .withLockedByValue(holder)
                .build());
        this.length = length;
    }

    /** Who holds the lease when this object does, as the {@code shedlock} table shows it. */
    String holder() {
        return holder;
    }

    /** Renews the lease when this holder has it, else takes it if it is free or has run out; whether it is held now. */
    synchronized boolean hold() {
        Optional<SimpleLock> lock = held != null ? held.extend(length, Duration.ZERO)
                : locks.lock(new LockConfiguration(Instant.now(), NAME, length, Duration.ZERO));
        held = lock.orElse(null);
        return held != null;
    }

    /**
     * Gives the lease up at once, so that another node need not wait for it to run out; when the database is out of
     * reach it runs out by itself.
     */
    synchronized void release() {
        if (held != null) {
            try {
                held.unlock();
            } catch (RuntimeException e) {
                log.warn("The Discord bot's lease could not be given up; it runs out within {}: {}", length, e.toString());
            }
            held = null;
        }
    }
}
