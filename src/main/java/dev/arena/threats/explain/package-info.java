/**
 * The optional LLM analyst: a summary of an attacker session from any OpenAI-compatible chat-completions
 * endpoint, asynchronous and cached, with a deterministic rule-based summary whenever the model is unset,
 * slow, failing or answers nonsense.
 */
@NullMarked
package dev.arena.threats.explain;

import org.jspecify.annotations.NullMarked;
