package dev.arena.threats.respond;

/** The project already has a block of this address or range in force; answered 409 {@code block-exists}. */
final class BlockExists extends RuntimeException {

    final long existingId;

    BlockExists(String cidr, long existingId) {
        super("An active block of " + cidr + " exists; lift it first or let it expire.", null, false, false);
        this.existingId = existingId;
    }
}
