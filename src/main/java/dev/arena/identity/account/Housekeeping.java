package dev.arena.identity.account;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Removes expired sessions and mailed tokens, on one node at a time. */
@Component
class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final Sessions sessions;
    private final AccountTokens tokens;

    Housekeeping(Sessions sessions, AccountTokens tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    @Scheduled(fixedDelayString = "${arena.identity.cleanup-interval:PT1M}")
    @SchedulerLock(name = "identity-account-cleanup", lockAtMostFor = "PT5M")
    void removeExpired() {
        int removedSessions = sessions.deleteExpired();
        int removedTokens = tokens.deleteExpired();
        if (removedSessions + removedTokens > 0) {
            log.info("Removed {} expired sessions and {} expired account tokens", removedSessions, removedTokens);
        }
    }
}
