package dev.arena.identity.tenancy;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes expired invitations, on one node at a time. They already hold no seat and cannot be accepted
 * (both checks compare with the clock); this only keeps the table small. Runs every
 * {@code arena.tenancy.cleanup-interval} (default one hour).
 */
@Component
class InvitationCleanup {

    private static final Logger log = LoggerFactory.getLogger(InvitationCleanup.class);

    private final Invitations invitations;

    InvitationCleanup(Invitations invitations) {
        this.invitations = invitations;
    }

    @Scheduled(fixedDelayString = "${arena.tenancy.cleanup-interval:PT1H}", initialDelayString = "PT1M")
    @SchedulerLock(name = "identity-invitation-cleanup", lockAtMostFor = "PT10M")
    void removeExpired() {
        int removed = invitations.deleteExpired();
        if (removed > 0) {
            log.info("Removed {} expired invitations", removed);
        }
    }
}
