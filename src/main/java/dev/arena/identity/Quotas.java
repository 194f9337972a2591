package dev.arena.identity;

/** Enforces an organisation's tier limits atomically. */
public interface Quotas {

    /**
     * Makes room for one more {@code quota} in the organisation, or refuses. Call it inside the transaction
     * that then creates the thing: it locks the organisation's row until that transaction ends, so two
     * concurrent creates can never both pass the last free slot.
     *
     * @throws IdentityProblem.QuotaExceeded when the tier allows no more
     */
    void reserve(long orgId, Quota quota);
}
