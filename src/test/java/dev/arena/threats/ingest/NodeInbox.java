package dev.arena.threats.ingest;

import dev.arena.platform.Ids;
import dev.arena.platform.Notices;
import dev.arena.threats.ThreatSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbox and partition leases of another node, for tests that play two pipelines on one database: made
 * the way the application context makes them, over the other node's connections and notices.
 */
public final class NodeInbox {

    private NodeInbox() {
    }

    /** The node's leases, subscribed to its notices; call it while the node starts, before it listens. */
    public static PartitionLeases leases(JdbcTemplate jdbc, Notices notices, ThreatSettings settings) {
        return new PartitionLeases(JdbcClient.create(jdbc), notices, settings);
    }

    public static Inbox inbox(JdbcTemplate jdbc, TransactionTemplate tx, Ids ids, JsonMapper json, ThreatSettings settings,
                              PartitionLeases leases) {
        return new Inbox(jdbc, tx, ids, Clock.systemUTC(), json, settings, leases, new SimpleMeterRegistry());
    }
}
