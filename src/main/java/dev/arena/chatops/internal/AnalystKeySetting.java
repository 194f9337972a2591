package dev.arena.chatops.internal;

import dev.arena.chatops.SecretSettings;
import dev.arena.threats.AnalystKey;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The LLM analyst's key as an encrypted runtime setting ({@value AnalystKey#SETTING}), set and cleared by
 * operators like any other; read through {@link SecretSettings}, so it is cached, dropped on change and never
 * shown once set.
 */
@Component
class AnalystKeySetting implements AnalystKey {

    private final SecretSettings settings;

    AnalystKeySetting(SecretSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<String> current() {
        return settings.value(SETTING);
    }
}
