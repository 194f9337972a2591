package dev.arena.chatops.internal;

import dev.arena.chatops.DiscordMappings;
import dev.arena.identity.ProjectRole;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Discord roles and channels mapped to Arena project roles. A member holding a mapped Discord role has that
 * role in the project; a mapped channel is where the project's commands are taken, and its role is the most
 * a command there may do (a public channel mapped to {@code reader} never restarts a container, whoever asks).
 * A channel belongs to one project at most (a unique constraint, so two projects racing for it cannot both win);
 * a Discord role may serve several projects, since it only counts in a channel of the project that mapped it.
 */
@Repository
class DiscordRoles {

    enum Kind {
        ROLE, CHANNEL;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Kind> fromWire(String name) {
            for (Kind k : values()) {
                if (k.wireName().equals(name)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    record Mapping(long projectId, Kind kind, String discordId, ProjectRole role) {
    }

    private final JdbcClient jdbc;

    DiscordRoles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a mapping or changes the role of the project's own.
     *
     * @throws DiscordMappings.ChannelTaken when the mapping is of a channel another project has mapped
     */
    void put(Mapping m) {
        if (update(m)) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO chatops_discord_roles (project_id, kind, discord_id, role, channel_id) VALUES (?, ?, ?, ?, ?)")
                    .params(m.projectId(), m.kind().wireName(), m.discordId(), m.role().wireName(), m.kind() == Kind.CHANNEL ? m.discordId() : null)
                    .update();
        } catch (DuplicateKeyException taken) {
            // Either the same mapping was added meanwhile (then it is ours to update) or another project holds the channel.
            if (!update(m)) {
                throw new DiscordMappings.ChannelTaken(m.discordId());
            }
        }
    }

    private boolean update(Mapping m) {
        return jdbc.sql("UPDATE chatops_discord_roles SET role = ? WHERE project_id = ? AND kind = ? AND discord_id = ?")
                .params(m.role().wireName(), m.projectId(), m.kind().wireName(), m.discordId()).update() > 0;
    }

    boolean remove(long projectId, Kind kind, String discordId) {
        return jdbc.sql("DELETE FROM chatops_discord_roles WHERE project_id = ? AND kind = ? AND discord_id = ?")
                .params(projectId, kind.wireName(), discordId).update() > 0;
    }

    List<Mapping> of(long projectId) {
        return jdbc.sql("SELECT * FROM chatops_discord_roles WHERE project_id = ? ORDER BY kind, discord_id").param(projectId)
                .query(DiscordRoles::row).list();
    }

    /** The project a channel's commands act on, with the channel's role ceiling. */
    Optional<Mapping> channel(String channelId) {
        return jdbc.sql("SELECT * FROM chatops_discord_roles WHERE channel_id = ?").param(channelId).query(DiscordRoles::row).optional();
    }

    /** The highest project role any of the Discord roles maps to. */
    Optional<ProjectRole> roleOf(long projectId, List<String> roleIds) {
        if (roleIds.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT role FROM chatops_discord_roles WHERE project_id = :project AND kind = 'role' AND discord_id IN (:ids)")
                .param("project", projectId).param("ids", roleIds).query(String.class).list().stream()
                .map(ProjectRole::fromWire).max(Enum::compareTo);
    }

    private static Mapping row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Mapping(rs.getLong("project_id"), Kind.fromWire(rs.getString("kind")).orElseThrow(), rs.getString("discord_id"),
                ProjectRole.fromWire(rs.getString("role")));
    }
}
