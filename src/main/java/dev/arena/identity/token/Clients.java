package dev.arena.identity.token;

import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** An organisation's API clients, in {@code clients}. */
@Repository
class Clients {

    private static final RowMapper<Client> ROW = (rs, n) -> new Client(rs.getLong("id"), rs.getLong("org_id"),
            rs.getString("name"), Db.instant(rs, "created_at"));

    private final JdbcClient jdbc;
    private final Ids ids;

    Clients(JdbcClient jdbc, Ids ids) {
        this.jdbc = jdbc;
        this.ids = ids;
    }

    record Client(long id, long orgId, String name, Instant createdAt) {
    }

    Client create(long orgId, String name, Instant now) {
        var client = new Client(ids.next(), orgId, name, now);
        jdbc.sql("INSERT INTO clients (id, org_id, name, created_at) VALUES (?, ?, ?, ?)")
                .params(client.id(), orgId, name, Db.ts(now)).update();
        return client;
    }

    /** Up to {@code limit} clients of the org with ids above {@code after} (null: from the start), by id. */
    List<Client> page(long orgId, long after, int limit) {
        return jdbc.sql("SELECT * FROM clients WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?")
                .params(orgId, after, limit).query(ROW).list();
    }

    /** The org's client with this id; a client of another org is not found. */
    Optional<Client> find(long orgId, long clientId) {
        return jdbc.sql("SELECT * FROM clients WHERE id = ? AND org_id = ?").params(clientId, orgId).query(ROW).optional();
    }

    /** Like {@link #find}, locking the row until the transaction ends. */
    Optional<Client> lock(long orgId, long clientId) {
        return jdbc.sql("SELECT * FROM clients WHERE id = ? AND org_id = ? FOR UPDATE").params(clientId, orgId).query(ROW).optional();
    }

    /** Deletes the client with its certificates and its project grants. */
    void delete(long clientId) {
        jdbc.sql("DELETE FROM project_grants WHERE subject_type = 'client' AND subject_id = ?").param(clientId).update();
        jdbc.sql("DELETE FROM clients WHERE id = ?").param(clientId).update();
    }
}
