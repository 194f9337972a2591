package dev.arena.identity.token;

import java.time.Clock;
import java.time.Instant;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rotates the signing key when it is due and prunes what can no longer matter — keys retired for longer
 * than any token lives, expired refresh tokens, expired assertion ids, stale revocation-list entries — on
 * one node at a time, every {@code arena.tokens.housekeeping-interval}.
 */
@Component
class TokenHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(TokenHousekeeping.class);

    private final SigningKeys keys;
    private final RefreshTokens refreshTokens;
    private final ClientAssertions assertions;
    private final Revocations revocations;
    private final Clock clock;

    TokenHousekeeping(SigningKeys keys, RefreshTokens refreshTokens, ClientAssertions assertions, Revocations revocations, Clock clock) {
        this.keys = keys;
        this.refreshTokens = refreshTokens;
        this.assertions = assertions;
        this.revocations = revocations;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${arena.tokens.housekeeping-interval:1m}", initialDelayString = "${arena.tokens.housekeeping-interval:1m}")
    @SchedulerLock(name = "identity-token-housekeeping", lockAtMostFor = "PT5M")
    void run() {
        Instant now = clock.instant();
        boolean rotated = keys.rotateIfDue(now);
        int keysRemoved = keys.pruneRetired(now);
        int refreshRemoved = refreshTokens.deleteExpired(now);
        int assertionsRemoved = assertions.pruneUsed(now);
        int crlRemoved = revocations.pruneExpired(now);
        if (rotated || keysRemoved + refreshRemoved + assertionsRemoved + crlRemoved > 0) {
            log.info("Token housekeeping: rotated={}, removed {} keys, {} refresh tokens, {} assertion ids, {} revocation entries",
                    rotated, keysRemoved, refreshRemoved, assertionsRemoved, crlRemoved);
        }
    }
}
