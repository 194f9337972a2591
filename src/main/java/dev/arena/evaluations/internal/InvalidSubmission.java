package dev.arena.evaluations.internal;

/** A submission asks for something this node does not allow; {@code field} names what (422). */
final class InvalidSubmission extends RuntimeException {

    private final String field;

    InvalidSubmission(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
