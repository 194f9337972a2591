package dev.arena.evaluations.internal;

/**
 * A reader sent an {@code Idempotency-Key} another submitter of the project already used (409): answering
 * with that evaluation would show them someone else's program.
 */
final class IdempotencyKeyTaken extends RuntimeException {

    IdempotencyKeyTaken() {
        super("This Idempotency-Key was already used in the project by another submitter; choose another.");
    }
}
