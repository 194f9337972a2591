package dev.arena.chatops.internal;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.Operators;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.ResourceNotFound;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Arena's runtime settings, for operators only ({@code arena.tenancy.operator-emails}, verified). A value
 * goes in and never comes out: reads show whether it is set, when and by whom it was last changed.
 */
@RestController
@Tag(name = "Settings")
class SettingsController {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.:-]{0,99}");
    static final int MAX_VALUE = 4000;

    private final SettingsVault vault;
    private final Operators operators;

    SettingsController(SettingsVault vault, Operators operators) {
        this.vault = vault;
        this.operators = operators;
    }

    record SettingView(String name, boolean set, Instant changedAt, @Nullable String changedBy) {
        static SettingView of(SettingsVault.Info info) {
            return new SettingView(info.name(), true, info.changedAt(), info.changedBy() == null ? null : info.changedBy().toString());
        }
    }

    record ValueBody(@Nullable String value) {
    }

    @GetMapping("/v1/admin/settings")
    Map<String, List<SettingView>> list(@AuthenticationPrincipal ArenaPrincipal caller) {
        operator(caller);
        return Map.of("items", vault.list().stream().map(SettingView::of).toList());
    }

    @GetMapping("/v1/admin/settings/{name}")
    SettingView get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String name) {
        operator(caller);
        return vault.info(checked(name)).map(SettingView::of).orElseThrow(() -> new ResourceNotFound("setting"));
    }

    @PutMapping("/v1/admin/settings/{name}")
    SettingView put(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String name, @RequestBody ValueBody body) {
        long user = operator(caller);
        String value = body.value();
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE) {
            throw new InvalidValue("value", "value is required, at most " + MAX_VALUE + " characters");
        }
        vault.put(checked(name), value, user);
        return vault.info(name).map(SettingView::of).orElseThrow();
    }

    @DeleteMapping("/v1/admin/settings/{name}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String name) {
        operator(caller);
        if (!vault.remove(checked(name))) {
            throw new ResourceNotFound("setting");
        }
        return ResponseEntity.noContent().build();
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
}
