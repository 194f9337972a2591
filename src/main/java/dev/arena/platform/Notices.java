package dev.arena.platform;

/**
 * Short messages to every node that shares the database, this one included, for news that lets a node stop
 * waiting or forget what changed (a node that misses one must not lose work or correctness). On PostgreSQL
 * a notice is a {@code NOTIFY} on a channel, and every node hears all its channels on one connection of its
 * own outside the pool ({@code arena-notice-listener} in {@code pg_stat_activity}), which it replaces when it
 * breaks; on any other database (H2: one node) nothing is sent or heard.
 */
public interface Notices {

    /** Whether other nodes may share the database (PostgreSQL), so that notices travel; on H2, false: one node. */
    boolean acrossNodes();

    /**
     * Sends {@code payload} on {@code channel} to every node. Inside a transaction it goes with the
     * transaction's connection, so it is delivered when the transaction commits and never when it rolls
     * back; outside one, at once.
     *
     * @param channel a channel's name ({@code [a-z][a-z0-9_]*}, up to 63 characters)
     * @param payload shorter than 8000 bytes in UTF-8
     */
    void send(String channel, String payload);

    /**
     * Hands what arrives on {@code channel} to {@code subscriber}, from the moment this node listens; call it
     * while the application starts, before the node listens.
     *
     * @throws IllegalArgumentException when the channel's name is malformed or another subscriber has it
     * @throws IllegalStateException    once this node listens
     */
    void subscribe(String channel, Subscriber subscriber);

    /** What hears one channel. Called on the listening thread, one call at a time: it must return quickly. */
    interface Subscriber {

        /** A payload some node (this one included) sent on the channel. */
        void heard(String payload);

        /**
         * The node listens, for the first time or again after its connection broke: notices sent meanwhile
         * are lost, so whatever one could have announced must be assumed to have happened.
         */
        void listening();
    }
}
