package dev.arena.chatops.internal;

import dev.arena.platform.Db;
import dev.arena.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The mechs of projects and their donations; a donation locks the project's mech row, so concurrent ones add up. */
@Repository
class Mechs {

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;
    private final ChatopsSettings settings;
    private final TransactionTemplate tx;

    Mechs(JdbcClient jdbc, Ids ids, Clock clock, ChatopsSettings settings, TransactionTemplate tx) {
        this.tx = tx;
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
    }

    Mech of(long projectId) {
        return jdbc.sql("SELECT * FROM chatops_mech WHERE project_id = ?").param(projectId)
                .query((rs, n) -> new Mech(rs.getDouble("power"), rs.getDouble("total_donated"), Db.instant(rs, "changed_at")))
                .optional().orElseGet(() -> Mech.empty(clock.instant()));
    }

    /**
     * Records a donation now and returns the mech after it; a webhook's repeated delivery (same
     * {@code externalId}) changes nothing and returns empty.
     */
    Optional<Mech> donate(long projectId, double amount, String donor, String source, @Nullable String externalId) {
        ensureRow(projectId);
        return tx.execute(status -> {
            jdbc.sql("SELECT power FROM chatops_mech WHERE project_id = ? FOR UPDATE").param(projectId).query(Double.class).single();
            if (externalId != null && jdbc.sql("SELECT COUNT(*) FROM chatops_donations WHERE project_id = ? AND external_id = ?")
                    .params(projectId, externalId).query(Integer.class).single() > 0) {
                return Optional.<Mech>empty();
            }
            Instant now = clock.instant();
            jdbc.sql("INSERT INTO chatops_donations (id, project_id, amount, donor, source, external_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(ids.next(), projectId, amount, donor, source, externalId, Db.ts(now)).update();
            Mech after = of(projectId).donate(amount, now, settings.mechDecayPerDay());
            jdbc.sql("UPDATE chatops_mech SET power = ?, total_donated = ?, changed_at = ? WHERE project_id = ?")
                    .params(after.power(), after.totalDonated(), Db.ts(after.changedAt()), projectId).update();
            return Optional.of(after);
        });
    }

    private void ensureRow(long projectId) {
        if (jdbc.sql("SELECT COUNT(*) FROM chatops_mech WHERE project_id = ?").param(projectId).query(Integer.class).single() == 0) {
            try {
                jdbc.sql("INSERT INTO chatops_mech (project_id, power, total_donated, changed_at) VALUES (?, 0, 0, ?)")
                        .params(projectId, Db.ts(clock.instant())).update();
            } catch (DuplicateKeyException raced) {
                // Another donation created it first.
            }
        }
    }
}
