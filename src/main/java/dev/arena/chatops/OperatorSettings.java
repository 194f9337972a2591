package dev.arena.chatops;

import dev.arena.identity.ArenaPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Arena's runtime settings as its operators manage them ({@code arena.tenancy.operator-emails}, verified),
 * shared by the HTTP API and the console. A value goes in and never comes out. Anyone else gets
 * {@link dev.arena.identity.IdentityProblem.RoleRequired} naming {@code operator}; a project token
 * {@link dev.arena.identity.IdentityProblem.CredentialNotAllowed}.
 */
public interface OperatorSettings {

    /** The longest value a setting takes. */
    int MAX_VALUE = 4000;

    /** A setting that is set: when it last changed and by which user (null when not recorded). */
    record SettingInfo(String name, Instant changedAt, @Nullable Long changedBy) {
    }

    /** Every setting that is set, by name. */
    List<SettingInfo> list(ArenaPrincipal caller);

    /** One setting, empty when it is not set. @throws dev.arena.platform.InvalidValue for a malformed name */
    Optional<SettingInfo> get(ArenaPrincipal caller, String name);

    /**
     * Seals and stores a value, replacing any earlier one.
     *
     * @throws dev.arena.platform.InvalidValue for a malformed name or an empty or too long value
     */
    SettingInfo put(ArenaPrincipal caller, String name, String value);

    /** Clears a setting; false when it was not set. @throws dev.arena.platform.InvalidValue for a malformed name */
    boolean clear(ArenaPrincipal caller, String name);
}
