package dev.arena.identity.tenancy;

import dev.arena.identity.IdentityEvent;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.OrgRole;
import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import dev.arena.platform.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Organisations: created by a user, who becomes their first owner. */
@Service
class Orgs {

    static final String DEFAULT_TIER = "free";

    /** An organisation as one member sees it. */
    record Org(long id, String name, String tier, Instant createdAt, OrgRole role) {
    }

    private static final RowMapper<Org> ROW = (rs, n) -> new Org(rs.getLong("id"), rs.getString("name"), rs.getString("tier"),
            Db.instant(rs, "created_at"), OrgRole.fromWire(rs.getString("role")));

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TenancySettings settings;
    private final Access access;

    Orgs(JdbcClient jdbc, Ids ids, Clock clock, ApplicationEventPublisher events, TenancySettings settings, Access access) {
        this.jdbc = jdbc;
        this.access = access;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
        this.settings = settings;
    }

    @Transactional
    Org create(long userId, String name) {
        jdbc.sql("SELECT id FROM users WHERE id = ? FOR UPDATE").param(userId).query(Long.class).single();
        long owned = jdbc.sql("SELECT COUNT(*) FROM org_members WHERE user_id = ? AND role = 'owner'").param(userId)
                .query(Long.class).single();
        if (owned >= settings.maxOwnedOrgsPerUser()) {
            throw new IdentityProblem.QuotaExceeded("owned organisations", settings.maxOwnedOrgsPerUser());
        }
        Instant now = clock.instant();
        var org = new Org(ids.next(), name.strip(), DEFAULT_TIER, now, OrgRole.OWNER);
        jdbc.sql("INSERT INTO orgs (id, name, tier, created_at) VALUES (?, ?, ?, ?)")
                .params(org.id(), org.name(), org.tier(), Db.ts(now)).update();
        jdbc.sql("INSERT INTO org_members (org_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)")
                .params(org.id(), userId, OrgRole.OWNER.wireName(), Db.ts(now)).update();
        events.publishEvent(new IdentityEvent.OrgCreated(userId, org.id(), org.name()));
        return org;
    }

    Org get(long userId, long orgId) {
        return jdbc.sql("""
                        SELECT o.*, m.role FROM orgs o JOIN org_members m ON m.org_id = o.id AND m.user_id = ?
                        WHERE o.id = ?""")
                .params(userId, orgId).query(ROW).optional().orElseThrow(() -> new ResourceNotFound("organisation"));
    }

    /** The organisations a user belongs to, oldest first. */
    Page<Org> of(long userId, long after, int limit) {
        List<Org> rows = jdbc.sql("""
                        SELECT o.*, m.role FROM orgs o JOIN org_members m ON m.org_id = o.id
                        WHERE m.user_id = ? AND o.id > ? ORDER BY o.id FETCH FIRST ? ROWS ONLY""")
                .params(userId, after, limit + 1).query(ROW).list();
        return Page.keyset(rows, limit, Org::id);
    }

    /** Renames an organisation; returns it as the actor sees it. */
    @Transactional
    Org rename(long actorId, long orgId, String name) {
        jdbc.sql("UPDATE orgs SET name = ? WHERE id = ?").params(name.strip(), orgId).update();
        return get(actorId, orgId);
    }

    /**
     * Deletes an organisation with everything in it. Each of its projects is announced as deleted first,
     * so modules holding per-project state can clean up.
     */
    @Transactional
    void delete(long actorId, long orgId) {
        String name = jdbc.sql("SELECT name FROM orgs WHERE id = ? FOR UPDATE").param(orgId).query(String.class).optional()
                .orElseThrow(() -> new ResourceNotFound("organisation"));
        jdbc.sql("SELECT id, name FROM projects WHERE org_id = ? ORDER BY id").param(orgId)
                .query((rs, n) -> new IdentityEvent.ProjectDeleted(actorId, orgId, rs.getLong("id"), rs.getString("name")))
                .list().forEach(events::publishEvent);
        jdbc.sql("DELETE FROM orgs WHERE id = ?").param(orgId).update();
        events.publishEvent(new IdentityEvent.OrgDeleted(actorId, orgId, name));
        access.forget();
    }
}
