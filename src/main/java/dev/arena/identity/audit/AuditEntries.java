package dev.arena.identity.audit;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.AuditTrail;
import dev.arena.identity.OrgAccess;
import dev.arena.identity.OrgRole;
import dev.arena.platform.Db;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reads the audit table {@link AuditLog} writes, for an organisation's admins. */
@Service
class AuditEntries implements AuditTrail {

    private final JdbcClient jdbc;
    private final OrgAccess access;

    AuditEntries(JdbcClient jdbc, OrgAccess access) {
        this.jdbc = jdbc;
        this.access = access;
    }

    @Override
    public List<Entry> ofOrg(ArenaPrincipal caller, long orgId, long before, int limit) {
        access.require(caller, orgId, OrgRole.ADMIN);
        return jdbc.sql("""
                        SELECT id, at, kind, actor_id, ip, detail FROM audit_events WHERE org_id = ? AND id < ?
                         ORDER BY id DESC FETCH FIRST ? ROWS ONLY""")
                .params(orgId, before, limit)
                .query((rs, n) -> new Entry(rs.getLong("id"), Db.instant(rs, "at"), rs.getString("kind"),
                        rs.getObject("actor_id") == null ? null : rs.getLong("actor_id"), rs.getString("ip"), rs.getString("detail")))
                .list();
    }
}
