package dev.arena.platform.internal;

import dev.arena.platform.Notices;
import dev.arena.platform.SharedCaches;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The shared caches of another Arena node, for tests that play two nodes on one database: made and
 * listening the way {@link PlatformConfiguration} wires them, over the given data source.
 */
public final class NodeCaches implements AutoCloseable {

    private final NodeNotices notices;
    private final CacheBroadcast broadcast;
    private final NoticeListener listener;

    private NodeCaches(NodeNotices notices, CacheBroadcast broadcast, NoticeListener listener) {
        this.notices = notices;
        this.broadcast = broadcast;
        this.listener = listener;
    }

    /** Starts listening (on PostgreSQL) and reconnects {@code retry} after the listening connection broke. */
    public static NodeCaches start(DataSource dataSource, Duration retry) {
        return start(dataSource, retry, notices -> {
        });
    }

    /** As {@link #start(DataSource, Duration)}, once {@code subscribers} subscribed to the node's notices. */
    public static NodeCaches start(DataSource dataSource, Duration retry, Consumer<Notices> subscribers) {
        NodeNotices notices = NodeNotices.on(dataSource);
        CacheBroadcast broadcast = CacheBroadcast.on(notices);
        subscribers.accept(notices);
        NoticeListener listener = new NoticeListener(dataSource, notices, retry);
        listener.start();
        return new NodeCaches(notices, broadcast, listener);
    }

    public SharedCaches caches() {
        return broadcast;
    }

    public Notices notices() {
        return notices;
    }

    /** The server process of the listening connection, or -1 while none listens. */
    public int listenerBackend() {
        return listener.backend();
    }

    @Override
    public void close() {
        listener.stop();
    }
}
