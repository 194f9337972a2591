package dev.arena.evaluations.internal;

import dev.arena.platform.Notices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Wake-ups across nodes: a submission sends the number of jobs it queued as a platform {@link Notices}
 * notice on {@link #CHANNEL}, and every node with workers hears it (on the platform's listening connection)
 * and wakes its idle workers at once; when that connection came back after breaking, it wakes them too, as
 * jobs may have been queued meanwhile. Like {@link Signals}, it only shortens waits that the workers' poll
 * ends anyway: a lost notice costs latency, never a job.
 */
class QueueNotices {

    static final String CHANNEL = "arena_evaluations";
    private static final Logger log = LoggerFactory.getLogger(QueueNotices.class);

    private final Notices notices;

    QueueNotices(Notices notices) {
        this.notices = notices;
    }

    /** Tells every node that {@code jobs} were queued, never failing the submission. */
    void announce(int jobs) {
        try {
            notices.send(CHANNEL, Integer.toString(jobs));
        } catch (DataAccessException e) {
            log.debug("could not announce {} queued evaluations; other nodes find them by polling", jobs, e);
        }
    }

    /** Wakes as many of {@code workers} idle workers as jobs some node (this one included) queued; call it while the application starts. */
    void deliverTo(Signals signals, int workers) {
        notices.subscribe(CHANNEL, new Notices.Subscriber() {
            @Override
            public void heard(String payload) {
                signals.workArrived(jobs(payload));
            }

            @Override
            public void listening() {
                signals.workArrived(workers);
            }
        });
    }

    private static int jobs(String payload) {
        try {
            return Integer.parseInt(payload);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
