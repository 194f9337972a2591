package dev.arena.threats;

import java.util.Optional;

/**
 * Where the LLM analyst's key is set at run time: the chat-ops module's encrypted settings, implemented there so
 * that this module need not depend on it. The analyst asks on every call, so a changed key is sent from the next
 * call on; while none is set it sends {@code arena.threats.analyst.api-key}.
 */
@FunctionalInterface
public interface AnalystKey {

    /** The setting's name in the encrypted runtime settings. */
    String SETTING = "threats.analyst.api-key";

    /**
     * The key set at run time, or empty when none is.
     *
     * @throws RuntimeException when a key is stored but cannot be read; the analyst then gives the rule-based summary
     */
    Optional<String> current();
}
