package dev.arena.chatops.internal;

import dev.arena.chatops.OperatorSettings;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.Operators;
import dev.arena.platform.InvalidValue;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** Who may manage runtime settings (Arena's operators, signed in) and what a setting's name and value may be. */
@Service
class SettingsService implements OperatorSettings {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.:-]{0,99}");

    private final SettingsVault vault;
    private final Operators operators;
    private final ChangeAudit changes;

    SettingsService(SettingsVault vault, Operators operators, ChangeAudit changes) {
        this.changes = changes;
        this.vault = vault;
        this.operators = operators;
    }

    @Override
    public List<SettingInfo> list(ArenaPrincipal caller) {
        operator(caller);
        return vault.list().stream().map(SettingsService::info).toList();
    }

    @Override
    public Optional<SettingInfo> get(ArenaPrincipal caller, String name) {
        operator(caller);
        return vault.info(checked(name)).map(SettingsService::info);
    }

    @Override
    public SettingInfo put(ArenaPrincipal caller, String name, String value) {
        long user = operator(caller);
        if (value.isEmpty() || value.length() > MAX_VALUE) {
            throw new InvalidValue("value", "value is required, at most " + MAX_VALUE + " characters");
        }
        vault.put(checked(name), value, user);
        changes.changed(caller, null, "setting set", name, "a new value, sealed (never recorded)");
        return vault.info(name).map(SettingsService::info).orElseThrow();
    }

    @Override
    public boolean clear(ArenaPrincipal caller, String name) {
        operator(caller);
        boolean removed = vault.remove(checked(name));
        if (removed) {
            changes.changed(caller, null, "setting clear", name, "removed");
        }
        return removed;
    }

    private long operator(ArenaPrincipal caller) {
        if (!(caller instanceof ArenaPrincipal.UserSession session)) {
            throw new IdentityProblem.CredentialNotAllowed("Settings are changed by a signed-in operator, not with a project token.");
        }
        if (!operators.isOperator(caller)) {
            throw new IdentityProblem.RoleRequired("operator");
        }
        return session.userId();
    }

    private static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidValue("name", "a setting's name is 1-100 of a-z, 0-9, '.', ':' and '-'");
        }
        return name;
    }

    private static SettingInfo info(SettingsVault.Info info) {
        return new SettingInfo(info.name(), info.changedAt(), info.changedBy());
    }
}
