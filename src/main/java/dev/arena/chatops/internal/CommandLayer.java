package dev.arena.chatops.internal;

import dev.arena.chatops.Caller;
import dev.arena.chatops.ChatCommands;
import dev.arena.chatops.Command;
import dev.arena.chatops.Reply;
import dev.arena.evaluations.EvaluationQueue;
import dev.arena.evaluations.EvaluationState;
import dev.arena.evaluations.ProjectEvaluations;
import dev.arena.evaluations.QueueSnapshot;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.instances.DelegatedInstances;
import dev.arena.instances.InstanceRefused;
import dev.arena.instances.Origin;
import dev.arena.platform.RateLimiter;
import dev.arena.platform.ResourceNotFound;
import dev.arena.platform.TooManyRequests;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.threats.ThreatBlocks;
import dev.arena.threats.ThreatDashboard;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The command layer: one permission model for Discord and the console. In Discord the channel says which
 * project a command acts on (an unmapped channel refuses everything but {@code link}), and the caller's
 * role there is the highest of their mapped Discord roles and their linked Arena account's own role,
 * capped by the channel's role. In the console it is the user's own role. Players' instance commands need
 * a linked account; container actions need managers and the container's allow-list. Every action —
 * refused or done — is audited with who asked from where, and one caller's actions are spaced by
 * {@code arena.chatops.cooldown}.
 *
 * <p>Reads from other modules go through their public facades with the caller's effective role here, as a
 * token for this project and role would ({@link #asCaller}): those modules apply their own access rules.
 */
@Service
class CommandLayer implements ChatCommands {

    /** How many of a project's queued or running evaluations {@code queue} counts before it says "or more". */
    static final int COUNTED = 50;
    /** Lines in each list a reply shows. */
    static final int SHOWN = 5;
    /** The window {@code threats} sums up. */
    static final int THREAT_MINUTES = 60;

    private final DiscordRoles roles;
    private final DiscordLinks links;
    private final ProjectAccess access;
    private final DelegatedInstances instances;
    private final ManagedContainers containers;
    private final Schedules schedules;
    private final Mechs mechs;
    private final ProjectEvaluations evaluations;
    private final EvaluationQueue queue;
    private final ThreatDashboard dashboard;
    private final ThreatBlocks blocks;
    private final ChatopsAudit audit;
    private final RateLimiter limits;
    private final ChatopsSettings settings;
    private final Clock clock;

    CommandLayer(DiscordRoles roles, DiscordLinks links, ProjectAccess access, DelegatedInstances instances, ManagedContainers containers,
                 Schedules schedules, Mechs mechs, ProjectEvaluations evaluations, EvaluationQueue queue, ThreatDashboard dashboard,
                 ThreatBlocks blocks, ChatopsAudit audit, RateLimiter limits, ChatopsSettings settings, Clock clock) {
        this.roles = roles;
        this.links = links;
        this.access = access;
        this.instances = instances;
        this.containers = containers;
        this.schedules = schedules;
        this.mechs = mechs;
        this.evaluations = evaluations;
        this.queue = queue;
        this.dashboard = dashboard;
        this.blocks = blocks;
        this.audit = audit;
        this.limits = limits;
        this.settings = settings;
        this.clock = clock;
    }

    /** Where a command runs: the project, the caller's Arena user (if linked) and their effective role (null: none). */
    record Context(Caller caller, long projectId, @Nullable Long userId, @Nullable ProjectRole role) {
        boolean may(ProjectRole atLeast) {
            return role != null && role.atLeast(atLeast);
        }
    }

    @Override
    public Reply handle(Caller caller, Command command) {
        if (command instanceof Command.Link link) {
            return link(caller, link.code());
        }
        Optional<Context> context = context(caller);
        if (context.isEmpty()) {
            return Reply.denied("This channel is not mapped to an Arena project.");
        }
        Context c = context.get();
        return switch (command) {
            case Command.Status s -> reading(c, () -> status(c));
            case Command.Instance i -> instance(c, i);
            case Command.Containers k -> k.action() == null ? listContainers(c) : container(c, k.action(), k.container());
            case Command.Queue q -> c.may(ProjectRole.MANAGER) ? queue(c) : Reply.denied("The evaluation queue is for the project's managers.");
            case Command.Threats t -> reading(c, () -> threats(c));
            case Command.Schedules s -> reading(c, () -> schedules(c));
            case Command.Mech m -> reading(c, () -> mech(c));
            case Command.Link l -> throw new IllegalStateException("handled above");
        };
    }

    private Reply link(Caller caller, String code) {
        if (caller.source() != Caller.Source.DISCORD || caller.discordUser() == null) {
            return Reply.denied("Links are made from Discord.");
        }
        Optional<Long> user = links.redeem(code, caller.discordUser());
        audit.record(null, user.orElse(null), caller.source().wireName(), caller.actor(), "link", "discord", user.isPresent() ? "ok" : "refused",
                user.isPresent() ? "linked" : "unknown or expired code");
        return user.isPresent() ? Reply.ok("Your Discord account is now linked to your Arena account.").onlyForCaller()
                : Reply.refused("That code is unknown, used or expired; ask the console for a new one.");
    }

    private Optional<Context> context(Caller caller) {
        if (caller.source() == Caller.Source.CONSOLE) {
            if (caller.projectId() == null || caller.userId() == null) {
                return Optional.empty();
            }
            return Optional.of(new Context(caller, caller.projectId(), caller.userId(), ownRole(caller.userId(), caller.projectId())));
        }
        if (caller.channelId() == null || caller.discordUser() == null) {
            return Optional.empty();
        }
        return roles.channel(caller.channelId()).map(channel -> {
            Long user = links.userOf(caller.discordUser()).orElse(null);
            ProjectRole mapped = roles.roleOf(channel.projectId(), caller.roleIds()).orElse(null);
            ProjectRole own = user == null ? null : ownRole(user, channel.projectId());
            ProjectRole best = max(mapped, own);
            return new Context(caller, channel.projectId(), user, best == null ? null : min(best, channel.role()));
        });
    }

    private @Nullable ProjectRole ownRole(long userId, long projectId) {
        try {
            return access.require(new ArenaPrincipal.UserSession(userId, 0), projectId, ProjectRole.READER);
        } catch (ResourceNotFound | IdentityProblem e) {
            return null;
        }
    }

    private Reply reading(Context c, Supplier<Reply> answer) {
        return c.may(ProjectRole.READER) ? answer.get() : Reply.denied("You have no role in this project here.");
    }

    private Reply status(Context c) {
        List<DelegatedInstances.ChallengeSummary> all = instances.challenges(c.projectId());
        long open = all.stream().filter(DelegatedInstances.ChallengeSummary::open).count();
        Mech mech = mechs.of(c.projectId());
        return Reply.ok("Arena is up.").withFields(List.of(
                new Reply.Field("Challenges", all.size() + " (" + open + " open)"),
                new Reply.Field("Live instances", Integer.toString(instances.liveInstances(c.projectId()))),
                new Reply.Field("Mech level", Integer.toString(mech.level(settings.mechThresholds())))));
    }

    private Reply instance(Context c, Command.Instance command) {
        String action = "instance " + command.action().wireName();
        if (c.userId() == null) {
            return audited(c, action, command.challenge(), Reply.denied("Link your Arena account first: /arena link <code from the console>."));
        }
        if (!c.may(ProjectRole.READER)) {
            return audited(c, action, command.challenge(), Reply.denied("You have no role in this project here."));
        }
        Optional<DelegatedInstances.ChallengeSummary> challenge = instances.challenge(c.projectId(), command.challenge());
        if (challenge.isEmpty()) {
            return audited(c, action, command.challenge(), Reply.refused("There is no challenge named '" + command.challenge() + "'."));
        }
        long id = challenge.get().id();
        long user = c.userId();
        Origin origin = c.caller().source() == Caller.Source.DISCORD ? Origin.DISCORD : Origin.CONSOLE;
        return acting(c, action, command.challenge(), () -> switch (command.action()) {
            case START -> running("Started", instances.start(c.projectId(), id, user, origin), command.challenge());
            case EXTEND -> running("Extended", instances.extend(c.projectId(), id, user, origin), command.challenge());
            case STOP -> {
                instances.stop(c.projectId(), id, user, origin);
                yield Reply.ok("Stopped your instance of " + command.challenge() + ".").onlyForCaller();
            }
        });
    }

    private static Reply running(String verb, DelegatedInstances.InstanceSummary i, String challenge) {
        List<Reply.Field> fields = new ArrayList<>();
        i.ports().forEach(p -> fields.add(new Reply.Field("Port " + p.port(), i.host() + ":" + p.hostPort())));
        fields.add(new Reply.Field("Expires", i.expiresAt().toString()));
        fields.add(new Reply.Field("Extensions left", Integer.toString(i.extensionsLeft())));
        return Reply.ok(verb + " your instance of " + challenge + ".").withFields(fields).onlyForCaller()
                .withButtons(List.of(new Reply.Button(new Command.Instance(Command.InstanceAction.EXTEND, challenge).words(), "Extend", false),
                        new Reply.Button(new Command.Instance(Command.InstanceAction.STOP, challenge).words(), "Stop", true)));
    }

    private Reply listContainers(Context c) {
        if (!c.may(ProjectRole.MANAGER)) {
            return Reply.denied("Containers are for the project's managers.");
        }
        List<ManagedContainers.Managed> all = containers.of(c.projectId());
        List<Reply.Button> buttons = new ArrayList<>();
        all.forEach(m -> m.actions().forEach(a -> buttons.add(new Reply.Button(new Command.Containers(a, m.name()).words(),
                a.wireName() + " " + m.name(), a != Command.ContainerAction.LOGS))));
        return Reply.ok(all.isEmpty() ? "No managed containers." : all.size() + " managed container(s).")
                .withFields(all.stream().map(m -> new Reply.Field(m.name(), "allows " + m.actions().stream()
                        .map(Command.ContainerAction::wireName).toList())).toList())
                .withButtons(buttons);
    }

    private Reply container(Context c, Command.ContainerAction action, @Nullable String name) {
        String what = "container " + action.wireName();
        String target = name == null ? "" : name;
        if (!c.may(ProjectRole.MANAGER)) {
            return audited(c, what, target, Reply.denied("Containers are for the project's managers."));
        }
        Optional<ManagedContainers.Managed> managed = containers.get(c.projectId(), target);
        if (managed.isEmpty()) {
            return audited(c, what, target, Reply.refused("There is no managed container named '" + target + "'."));
        }
        if (!managed.get().allows(action)) {
            return audited(c, what, target, Reply.denied("The container '" + target + "' does not allow " + action.wireName() + "."));
        }
        return acting(c, what, target, () -> {
            String result = containers.act(managed.get(), action);
            return action == Command.ContainerAction.LOGS
                    ? Reply.ok("Last lines of " + target + ":\n" + tail(result)).onlyForCaller()
                    : Reply.ok("The container " + target + " was " + result + ".");
        });
    }

    /**
     * The project's evaluations waiting and running (counted up to {@link #COUNTED}), its latest outcomes and,
     * for Arena's operators, the whole queue across projects.
     */
    private Reply queue(Context c) {
        ArenaPrincipal caller = asCaller(c);
        List<Reply.Field> fields = new ArrayList<>();
        fields.add(new Reply.Field("Queued", counted(evaluations.recent(caller, c.projectId(), "queued", COUNTED))));
        fields.add(new Reply.Field("Running", counted(evaluations.recent(caller, c.projectId(), "running", COUNTED))));
        List<EvaluationState> finished = evaluations.recent(caller, c.projectId(), null, COUNTED).stream()
                .filter(EvaluationState::finished).limit(SHOWN).toList();
        fields.add(new Reply.Field("Latest outcomes", finished.isEmpty() ? "none yet" : String.join("\n", finished.stream()
                .map(e -> "#" + e.id() + " " + e.language() + " · " + e.status() + (e.exitCode() == null ? "" : " (exit " + e.exitCode() + ")")
                        + (e.finishedAt() == null ? "" : " · " + e.finishedAt()))
                .toList())));
        wholeQueue(c).ifPresent(q -> fields.add(new Reply.Field("Whole queue", q.queued() + " queued, " + q.running() + " running ("
                + q.runningHere() + " on this node)" + (q.oldestQueuedAgeMs() == null ? "" : ", oldest waiting " + q.oldestQueuedAgeMs() + " ms")
                + ", " + q.deadLetters().size() + " dead letters")));
        return Reply.ok("The project's evaluation queue.").withFields(fields);
    }

    /** The queue of every project, which only Arena's operators see (a linked account that is one). */
    private Optional<QueueSnapshot> wholeQueue(Context c) {
        if (c.userId() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(queue.snapshot(new ArenaPrincipal.UserSession(c.userId(), 0)));
        } catch (IdentityProblem.RoleRequired notAnOperator) {
            return Optional.empty();
        }
    }

    private static String counted(List<?> items) {
        return items.size() < COUNTED ? Integer.toString(items.size()) : COUNTED + " or more";
    }

    /** The project's threats over the last {@link #THREAT_MINUTES} minutes from the threat pipeline's store, and its blocks in force. */
    private Reply threats(Context c) {
        ArenaPrincipal caller = asCaller(c);
        ThreatDashboard.Summary summary = dashboard.summary(caller, c.projectId(), THREAT_MINUTES);
        List<ThreatBlocks.BlockRow> active = blocks.list(caller, c.projectId(), true);
        long busiest = summary.eventsPerMinute().stream().mapToLong(ThreatDashboard.Minute::events).max().orElse(0);
        return Reply.ok("Threats in the last hour.").withFields(List.of(
                new Reply.Field("Events", summary.events() + String.format(Locale.ROOT, " (%.1f per minute, busiest minute %d)",
                        summary.events() / (double) THREAT_MINUTES, busiest)),
                new Reply.Field("Top sources", listed(summary.topSources().stream().limit(SHOWN)
                        .map(s -> s.key() + " (" + s.events() + " events)").toList())),
                new Reply.Field("Top techniques", listed(summary.topTechniques().stream().limit(SHOWN)
                        .map(t -> t.technique() + (t.name() == null ? "" : " " + t.name()) + " (" + t.sessions() + " sessions)").toList())),
                new Reply.Field("Blocks in force", active.size() + (active.isEmpty() ? "" : ": " + String.join(", ",
                        active.stream().limit(SHOWN).map(ThreatBlocks.BlockRow::address).toList()) + (active.size() > SHOWN ? ", ..." : "")))));
    }

    private static String listed(List<String> lines) {
        return lines.isEmpty() ? "none" : String.join("\n", lines);
    }

    /**
     * The caller as other modules' facades see them: a bearer of this project with the effective role the
     * command layer worked out (Discord mappings included, which the identity module does not know), acting
     * for the linked user if any. Only called once the caller holds a role here.
     */
    private static ArenaPrincipal asCaller(Context c) {
        return new ArenaPrincipal.ProjectToken(c.projectId(), Objects.requireNonNull(c.role()), c.userId(), null,
                "chatops:" + c.caller().actor());
    }

    private Reply schedules(Context c) {
        var page = schedules.of(c.projectId(), 0, 10);
        return Reply.ok(page.items().isEmpty() ? "No schedules." : "Schedules:").withFields(page.items().stream()
                .map(s -> new Reply.Field(s.name(), s.action().wireName() + " " + s.target() + " · next " + (s.nextRunAt() == null
                        ? "never" : s.nextRunAt()) + " · last " + (s.lastOutcome() == null ? "never" : s.lastOutcome() + " at " + s.lastRunAt())))
                .toList());
    }

    private Reply mech(Context c) {
        Mech mech = mechs.of(c.projectId());
        double decay = settings.mechDecayPerDay();
        return Reply.ok("The community mech.").withFields(List.of(
                new Reply.Field("Power", String.format(java.util.Locale.ROOT, "%.2f", mech.powerAt(clock.instant(), decay))),
                new Reply.Field("Level", Integer.toString(mech.level(settings.mechThresholds()))),
                new Reply.Field("To next level", String.format(java.util.Locale.ROOT, "%.2f", mech.toNextLevel(settings.mechThresholds())))));
    }

    /** Runs an action after the caller's cooldown, turns refusals into replies, and audits the outcome. */
    private Reply acting(Context c, String action, String target, Supplier<Reply> work) {
        if (!settings.cooldown().isZero()) {
            var decision = limits.tryAcquire("chatops-cooldown:" + c.caller().actor(), new RateLimiter.Limit(1, settings.cooldown()));
            if (!decision.allowed()) {
                return audited(c, action, target, Reply.refused("Slow down: try again in " + Math.max(1, decision.retryAfter().toSeconds()) + " s."));
            }
        }
        Reply reply;
        try {
            reply = work.get();
        } catch (InstanceRefused e) {
            reply = Reply.refused(e.getMessage());
        } catch (TooManyRequests e) {
            reply = Reply.refused("Slow down: try again in " + e.retryAfterSeconds() + " s.");
        } catch (ResourceNotFound e) {
            reply = Reply.refused("Nothing to act on: " + e.getMessage());
        } catch (ContainerRuntimeException e) {
            reply = Reply.failed("The container engine did not do it (" + e.outcome() + "); try again later.");
        }
        return audited(c, action, target, reply);
    }

    private Reply audited(Context c, String action, String target, Reply reply) {
        audit.record(c.projectId(), c.userId(), c.caller().source().wireName(), c.caller().actor(), action, target,
                reply.outcome().name().toLowerCase(java.util.Locale.ROOT), reply.text());
        return reply;
    }

    private static String tail(String logs) {
        return logs.length() <= 1500 ? logs : logs.substring(logs.length() - 1500);
    }

    private static @Nullable ProjectRole max(@Nullable ProjectRole a, @Nullable ProjectRole b) {
        return a == null ? b : b == null ? a : a.atLeast(b) ? a : b;
    }

    private static ProjectRole min(ProjectRole a, ProjectRole b) {
        return a.atLeast(b) ? b : a;
    }
}
