/**
 * The Discord face of chat-ops: a thin JDA adapter that turns slash commands and buttons into
 * {@link dev.arena.chatops.Command}s for the command layer, its {@link dev.arena.chatops.Reply}s into
 * messages, and posts alerts to the configured channel. It runs only while a bot token is set.
 */
@NullMarked
package dev.arena.chatops.discord;

import org.jspecify.annotations.NullMarked;
