package dev.arena.console.operations;

import dev.arena.chatops.ChatopsAuditLog;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.AuditTrail;
import dev.arena.identity.OrgRole;
import dev.arena.identity.Workspaces;
import dev.arena.instances.InstanceHistory;
import dev.arena.platform.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A project's one audit log: the chat-ops log (commands, container actions, schedule runs, configuration
 * changes), the instance log and — for the organisation's admins, who may read it — the organisation's
 * identity log, merged newest first. Every log is keyed by Snowflake ids, so a page is the newest
 * {@code size} entries below the cursor id across the logs: each log is asked for one more than that.
 */
@Component
class ProjectAuditView {

    /**
     * One line of the view, whichever log it came from.
     *
     * @param log  {@code chat-ops}, {@code instances} or {@code identity}
     * @param from where it was done: {@code console}, {@code api}, {@code discord}, {@code schedule},
     *             {@code webhook}, {@code arena} (Arena itself), or the client's address for identity entries
     */
    record Line(long id, Instant at, String log, String who, String what, String from, String outcome, String detail) {
    }

    private final ChatopsAuditLog chatops;
    private final InstanceHistory instances;
    private final AuditTrail identity;
    private final Workspaces workspaces;

    ProjectAuditView(ChatopsAuditLog chatops, InstanceHistory instances, AuditTrail identity, Workspaces workspaces) {
        this.chatops = chatops;
        this.instances = instances;
        this.identity = identity;
        this.workspaces = workspaces;
    }

    /**
     * The newest {@code size} lines below the cursor; the project's managers only.
     *
     * @throws dev.arena.identity.IdentityProblem.RoleRequired below manager
     */
    Page<Line> page(ArenaPrincipal caller, Workspaces.Project project, @Nullable String cursor, int size) {
        long after = Page.after(cursor);
        long before = after == Long.MIN_VALUE ? Long.MAX_VALUE : after;
        List<Line> lines = new ArrayList<>();
        chatops.list(caller, project.id(), before == Long.MAX_VALUE ? null : Long.toString(before), size + 1).items()
                .forEach(e -> lines.add(new Line(Long.parseLong(e.id()), e.at(), "chat-ops", e.actor(), e.action() + " " + e.target(),
                        e.source(), e.outcome(), e.detail())));
        instances.before(caller, project.id(), before, size + 1)
                .forEach(e -> lines.add(new Line(e.id(), e.at(), "instances", user(e.actorId(), "arena"),
                        "instance " + e.kind() + " " + e.instanceId(), e.source(), e.kind().equals("failed") ? "failed" : "ok", e.detail())));
        if (orgAdmin(caller, project.orgId())) {
            identity.ofOrg(caller, project.orgId(), before, size + 1)
                    .forEach(e -> lines.add(new Line(e.id(), e.at(), "identity", user(e.actorId(), "—"), e.kind(),
                            e.ip() == null ? "—" : e.ip(), "ok", e.detail())));
        }
        lines.sort(Comparator.comparingLong(Line::id).reversed());
        return Page.keyset(lines, size, Line::id);
    }

    private boolean orgAdmin(ArenaPrincipal caller, long orgId) {
        return workspaces.orgs(caller).stream().anyMatch(o -> o.id() == orgId && o.role().atLeast(OrgRole.ADMIN));
    }

    private static String user(@Nullable Long id, String nobody) {
        return id == null ? nobody : "user:" + id;
    }
}
