package dev.arena.evaluations.internal;

/** Only a dead-lettered ({@code internal_error}) evaluation can be retried (409). */
final class NotRetryable extends RuntimeException {

    NotRetryable(long id) {
        super("Evaluation " + id + " is not dead-lettered; only internal_error evaluations can be retried.");
    }
}
