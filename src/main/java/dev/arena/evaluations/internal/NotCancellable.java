package dev.arena.evaluations.internal;

/** Only a queued evaluation can be cancelled (409): a running one runs to its end. */
final class NotCancellable extends RuntimeException {

    NotCancellable(long id, Status status) {
        super("Evaluation " + id + " is " + status.wireName() + "; only queued evaluations can be cancelled.");
    }
}
