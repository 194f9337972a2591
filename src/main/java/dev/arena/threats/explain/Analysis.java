package dev.arena.threats.explain;

import org.jspecify.annotations.Nullable;

/**
 * An explanation of an attacker session for a human.
 *
 * @param text      a few sentences
 * @param source    {@code model} when the LLM wrote it, {@code rules} for the deterministic summary
 * @param model     the model that wrote it, null for {@code rules}
 * @param signature what the session contained when explained (techniques and event counts, hashed): a
 *                  changed session gets a new analysis
 */
public record Analysis(String text, String source, @Nullable String model, String signature) {
}
