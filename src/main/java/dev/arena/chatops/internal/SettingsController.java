package dev.arena.chatops.internal;

import dev.arena.chatops.OperatorSettings;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.platform.ResourceNotFound;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * Arena's runtime settings over HTTP, for operators only ({@code arena.tenancy.operator-emails}, verified).
 * A value goes in and never comes out: reads show whether it is set, when and by whom it was last changed.
 */
@RestController
@Tag(name = "Settings")
class SettingsController {

    private final OperatorSettings settings;

    SettingsController(OperatorSettings settings) {
        this.settings = settings;
    }

    record SettingView(String name, boolean set, Instant changedAt, @Nullable String changedBy) {
        static SettingView of(OperatorSettings.SettingInfo info) {
            return new SettingView(info.name(), true, info.changedAt(), info.changedBy() == null ? null : info.changedBy().toString());
        }
    }

    record ValueBody(@Nullable String value) {
    }

    @GetMapping("/v1/admin/settings")
    Map<String, List<SettingView>> list(@AuthenticationPrincipal ArenaPrincipal caller) {
        return Map.of("items", settings.list(caller).stream().map(SettingView::of).toList());
    }

    @GetMapping("/v1/admin/settings/{name}")
    SettingView get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String name) {
        return settings.get(caller, name).map(SettingView::of).orElseThrow(() -> new ResourceNotFound("setting"));
    }

    @PutMapping("/v1/admin/settings/{name}")
    SettingView put(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String name, @RequestBody ValueBody body) {
        // A missing value is an empty one, refused after the caller's role is checked.
        return SettingView.of(settings.put(caller, name, body.value() == null ? "" : body.value()));
    }

    @DeleteMapping("/v1/admin/settings/{name}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String name) {
        if (!settings.clear(caller, name)) {
            throw new ResourceNotFound("setting");
        }
        return ResponseEntity.noContent().build();
    }
}
