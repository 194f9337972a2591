package dev.arena.chatops.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arena.chatops.SecretSettings;
import dev.arena.chatops.SettingChanged;
import dev.arena.platform.Db;
import dev.arena.platform.SecretBox;
import dev.arena.platform.SharedCache;
import dev.arena.platform.SharedCaches;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runtime settings sealed with the platform's {@link SecretBox}: AES-256-GCM under the active master key,
 * with {@code chatops-setting:<name>} as associated data, so a value copied to another name fails to open.
 * Opened values are cached in a {@link SharedCache}: a change is forgotten on every node once it commits,
 * before {@link SettingChanged}'s after-commit listeners run. A value sealed under an older key version is re-sealed under
 * the active one the first time it is read (and on every write).
 */
@Service
class SettingsVault implements SecretSettings {

    /** What the API shows of a setting: never its value. */
    record Info(String name, Instant changedAt, @Nullable Long changedBy) {
    }

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final SharedCache<String, Optional<String>> cache;

    SettingsVault(JdbcClient jdbc, SecretBox box, Clock clock, ApplicationEventPublisher events, SharedCaches caches) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
        this.events = events;
        this.cache = caches.create("chatops.settings", Caffeine.newBuilder().maximumSize(10_000), Function.identity());
    }

    @Override
    public Optional<String> value(String name) {
        return cache.get(name, this::load);
    }

    Optional<Info> info(String name) {
        return jdbc.sql("SELECT name, changed_at, changed_by FROM chatops_settings WHERE name = ?").param(name)
                .query((rs, n) -> new Info(rs.getString("name"), Db.instant(rs, "changed_at"), (Long) rs.getObject("changed_by")))
                .optional();
    }

    List<Info> list() {
        return jdbc.sql("SELECT name, changed_at, changed_by FROM chatops_settings ORDER BY name")
                .query((rs, n) -> new Info(rs.getString("name"), Db.instant(rs, "changed_at"), (Long) rs.getObject("changed_by")))
                .list();
    }

    /** Seals and stores a value under the active master key, replacing any earlier one. */
    @Transactional
    void put(String name, String value, @Nullable Long changedBy) {
        String sealed = box.seal(value.getBytes(StandardCharsets.UTF_8), associatedData(name));
        var ts = Db.ts(clock.instant());
        int updated = jdbc.sql("UPDATE chatops_settings SET sealed = ?, changed_at = ?, changed_by = ? WHERE name = ?")
                .params(sealed, ts, changedBy, name).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO chatops_settings (name, sealed, changed_at, changed_by) VALUES (?, ?, ?, ?)")
                    .params(name, sealed, ts, changedBy).update();
        }
        changed(name);
    }

    /** Removes a setting; false when it was not set. */
    @Transactional
    boolean remove(String name) {
        boolean removed = jdbc.sql("DELETE FROM chatops_settings WHERE name = ?").param(name).update() > 0;
        if (removed) {
            changed(name);
        }
        return removed;
    }

    private void changed(String name) {
        cache.invalidate(name);
        events.publishEvent(new SettingChanged(name));
    }

    private Optional<String> load(String name) {
        Optional<String> sealed = jdbc.sql("SELECT sealed FROM chatops_settings WHERE name = ?").param(name).query(String.class).optional();
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        String value;
        try {
            value = new String(box.open(sealed.get(), associatedData(name)), StandardCharsets.UTF_8);
        } catch (SecretBox.SecretUnreadable e) {
            throw new SettingUnreadable(name, e);
        }
        if (!box.isCurrent(sealed.get())) {
            jdbc.sql("UPDATE chatops_settings SET sealed = ? WHERE name = ? AND sealed = ?")
                    .params(box.seal(value.getBytes(StandardCharsets.UTF_8), associatedData(name)), name, sealed.get()).update();
        }
        return Optional.of(value);
    }

    static String associatedData(String name) {
        return "chatops-setting:" + name;
    }
}
