package dev.arena.chatops.internal;

import dev.arena.chatops.ProjectMech;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.InvalidValue;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** {@link ProjectMech}: the mech as readers see it and donations entered by managers, for the API and the console. */
@Service
class MechService implements ProjectMech {

    static final double MAX_DONATION = 1_000_000;

    private final Mechs mechs;
    private final ProjectAccess access;
    private final ChatopsSettings settings;
    private final Clock clock;
    private final ChangeAudit changes;

    MechService(Mechs mechs, ProjectAccess access, ChatopsSettings settings, Clock clock, ChangeAudit changes) {
        this.changes = changes;
        this.mechs = mechs;
        this.access = access;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public MechView get(ArenaPrincipal caller, long projectId) {
        access.require(caller, projectId, ProjectRole.READER);
        return view(mechs.of(projectId));
    }

    @Override
    public MechView donate(ArenaPrincipal caller, long projectId, @Nullable Double amount, @Nullable String donor) {
        access.require(caller, projectId, ProjectRole.MANAGER);
        String who = donor == null || donor.isBlank() ? "anonymous" : cut(donor);
        double given = amount(amount);
        MechView after = view(mechs.donate(projectId, given, who, "operator", null).orElseThrow());
        changes.changed(caller, projectId, "donation", who, "entered " + given);
        return after;
    }

    static double amount(@Nullable Double amount) {
        if (amount == null || !Double.isFinite(amount) || amount <= 0 || amount > MAX_DONATION) {
            throw new InvalidValue("amount", "amount must be above 0 and at most " + (long) MAX_DONATION);
        }
        return amount;
    }

    static String cut(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100);
    }

    MechView view(Mech mech) {
        double decay = settings.mechDecayPerDay();
        Instant empty = mech.emptyAt(decay);
        return new MechView(mech.powerAt(clock.instant(), decay), mech.totalDonated(), mech.level(settings.mechThresholds()),
                mech.toNextLevel(settings.mechThresholds()), mech.changedAt(), empty.equals(Instant.MAX) ? null : empty);
    }
}
