package dev.arena.platform;

/** A request value that is well-formed but not one the API accepts; answered 422 naming the field. */
public final class InvalidValue extends RuntimeException {

    private final String field;

    public InvalidValue(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
