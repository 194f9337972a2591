package dev.arena.platform.internal;

import dev.arena.platform.Db;
import dev.arena.platform.Notices;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@link Notices} of this node: sends with {@code pg_notify} on the caller's connection (the
 * transaction's, when there is one), and knows the subscribers to which {@link NoticeListener} hands what it
 * hears. On a database other than PostgreSQL nothing is sent: there is one node.
 */
final class NodeNotices implements Notices {

    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Logger log = LoggerFactory.getLogger(NodeNotices.class);

    private final JdbcClient jdbc;
    private final boolean acrossNodes;
    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private boolean listening;

    private NodeNotices(JdbcClient jdbc, boolean acrossNodes) {
        this.jdbc = jdbc;
        this.acrossNodes = acrossNodes;
    }

    /** The notices of the node whose database is {@code dataSource}: across nodes when it is PostgreSQL. */
    static NodeNotices on(DataSource dataSource) {
        return new NodeNotices(JdbcClient.create(dataSource), Db.isPostgres(dataSource));
    }

    @Override
    public boolean acrossNodes() {
        return acrossNodes;
    }

    @Override
    public void send(String channel, String payload) {
        requireChannel(channel);
        if (acrossNodes) {
            jdbc.sql("SELECT pg_notify(?, ?)").params(channel, payload).query().listOfRows();
        }
    }

    @Override
    public synchronized void subscribe(String channel, Subscriber subscriber) {
        requireChannel(channel);
        if (listening) {
            throw new IllegalStateException("the node listens already; subscribe to " + channel + " while the application starts");
        }
        if (subscribers.putIfAbsent(channel, subscriber) != null) {
            throw new IllegalArgumentException("channel " + channel + " has a subscriber already");
        }
    }

    /** The channels to listen on; from now on, no subscription is taken. */
    synchronized Set<String> channels() {
        listening = true;
        return Set.copyOf(subscribers.keySet());
    }

    /** Hands a payload heard on {@code channel} to its subscriber; one that fails does not keep others from hearing. */
    void heard(String channel, String payload) {
        Subscriber subscriber = subscribers.get(channel);
        if (subscriber == null) {
            return;
        }
        try {
            subscriber.heard(payload);
        } catch (RuntimeException e) {
            log.warn("the subscriber of {} failed on a notice: {}", channel, e.toString());
        }
    }

    /** Tells every subscriber that the node listens (again) and may have missed notices. */
    void listening() {
        subscribers.values().forEach(Subscriber::listening);
    }

    private static void requireChannel(String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("a channel's name must match " + CHANNEL + ", was " + channel);
        }
    }
}
