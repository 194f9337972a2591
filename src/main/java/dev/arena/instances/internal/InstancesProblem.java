package dev.arena.instances.internal;

/**
 * Everything the instances module refuses, each named after the fact it reports. {@link InstancesProblems}
 * maps each to one problem response; nothing else in the module chooses a status code.
 */
abstract sealed class InstancesProblem extends RuntimeException {

    InstancesProblem(String message) {
        super(message, null, false, false);
    }

    /** The owner already has a live instance of the challenge (409). */
    static final class InstanceExists extends InstancesProblem {
        InstanceExists() {
            super("You already have an instance of this challenge; stop it before starting another.");
        }
    }

    /** The challenge is closed: no new instances start until it is opened again (409). */
    static final class ChallengeClosed extends InstancesProblem {
        ChallengeClosed() {
            super("The challenge is closed; no new instances start until it is opened again.");
        }
    }

    /** A cap on live instances is reached (409). */
    static final class CapReached extends InstancesProblem {
        final String cap;
        final int limit;

        CapReached(String cap, int limit) {
            super("At most " + limit + " instances may run at once (" + cap + ").");
            this.cap = cap;
            this.limit = limit;
        }
    }

    /** The instance was extended as often as its challenge allows (409). */
    static final class ExtensionLimitReached extends InstancesProblem {
        ExtensionLimitReached(int max) {
            super("The instance was already extended " + max + " times, the most its challenge allows.");
        }
    }

    /** The instance already runs until its maximum total lifetime (409). */
    static final class LifetimeLimitReached extends InstancesProblem {
        LifetimeLimitReached() {
            super("The instance already runs until its challenge's maximum total lifetime.");
        }
    }

    /** The instance is not running (still starting, stopping, or ended) (409). */
    static final class InstanceNotRunning extends InstancesProblem {
        InstanceNotRunning(String status) {
            super("The instance is " + status + ", not running.");
        }
    }

    /** Team ownership is on, and the caller is in no team of the project's organisation (409). */
    static final class TeamRequired extends InstancesProblem {
        TeamRequired() {
            super("This project runs one instance per team; join a team of its organisation first.");
        }
    }

    /** The caller is an API client, not a user: instances belong to players (403). */
    static final class UserRequired extends InstancesProblem {
        UserRequired() {
            super("Instances belong to players; this needs a user, not an API client.");
        }
    }

    /** The submitted flag is not the instance's (422). */
    static final class WrongFlag extends InstancesProblem {
        WrongFlag() {
            super("That is not the flag.");
        }
    }

    /** The instance ended longer ago than the grace period for flags (409). */
    static final class FlagWindowClosed extends InstancesProblem {
        FlagWindowClosed() {
            super("The instance ended too long ago for its flag to count; start a new one.");
        }
    }

    /** A value is well-formed JSON but not acceptable (422); {@code field} names it. */
    static final class Unacceptable extends InstancesProblem {
        final String field;

        Unacceptable(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    /** The request clashes with the state of the data (409). */
    static final class Conflict extends InstancesProblem {
        Conflict(String message) {
            super(message);
        }
    }
}
