package dev.arena.chatops.internal;

import dev.arena.chatops.DiscordAccounts;
import dev.arena.platform.Db;
import dev.arena.platform.Tokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Links between Discord accounts and Arena users, made with a one-time code: a signed-in user asks for a
 * code (stored only as its digest, good for {@code link-code-ttl}) and redeems it from Discord with
 * {@code /arena link <code>}. A Discord account links to one user; linking again replaces the link.
 */
@Repository
class DiscordLinks {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int CODE_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ChatopsSettings settings;

    DiscordLinks(JdbcClient jdbc, Clock clock, ChatopsSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** A fresh code for the user; their earlier codes stop working. */
    @Transactional
    DiscordAccounts.LinkCode newCode(long userId) {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        Instant expires = clock.instant().plus(settings.linkCodeTtl());
        jdbc.sql("DELETE FROM chatops_link_codes WHERE user_id = ? OR expires_at < ?").params(userId, Db.ts(clock.instant())).update();
        jdbc.sql("INSERT INTO chatops_link_codes (code_hash, user_id, expires_at) VALUES (?, ?, ?)")
                .params(Tokens.digest(code.toString()), userId, Db.ts(expires)).update();
        return new DiscordAccounts.LinkCode(code.toString(), expires);
    }

    /** Redeems a code for a Discord account: the linked user, or empty when the code is unknown, used or expired. */
    @Transactional
    Optional<Long> redeem(String code, String discordUser) {
        String digest = Tokens.digest(code.strip().toUpperCase(java.util.Locale.ROOT));
        Optional<Long> user = jdbc.sql("SELECT user_id FROM chatops_link_codes WHERE code_hash = ? AND expires_at > ?")
                .params(digest, Db.ts(clock.instant())).query(Long.class).optional();
        if (user.isEmpty() || jdbc.sql("DELETE FROM chatops_link_codes WHERE code_hash = ?").param(digest).update() != 1) {
            return Optional.empty();
        }
        jdbc.sql("DELETE FROM chatops_discord_links WHERE discord_user = ?").param(discordUser).update();
        jdbc.sql("INSERT INTO chatops_discord_links (discord_user, user_id, linked_at) VALUES (?, ?, ?)")
                .params(discordUser, user.get(), Db.ts(clock.instant())).update();
        return user;
    }

    Optional<Long> userOf(String discordUser) {
        return jdbc.sql("SELECT user_id FROM chatops_discord_links WHERE discord_user = ?").param(discordUser).query(Long.class).optional();
    }

    /** Removes every link of the user; returns how many there were. */
    int unlink(long userId) {
        return jdbc.sql("DELETE FROM chatops_discord_links WHERE user_id = ?").param(userId).update();
    }
}
