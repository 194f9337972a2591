package dev.arena.chatops;

import java.util.Optional;

/**
 * Runtime settings sealed at rest (the Discord bot token, the alert channel, an LLM key, ...). Values are
 * cached and re-read after a change commits; the API never shows them once set.
 */
public interface SecretSettings {

    /** The Discord bot token; the bot runs only while it is set. */
    String DISCORD_TOKEN = "discord.token";
    /** The Discord channel id alerts are posted to. */
    String DISCORD_ALERT_CHANNEL = "discord.alert-channel";
    /** The Discord server (guild) whose slash commands Arena registers; unset registers them globally. */
    String DISCORD_GUILD = "discord.guild";

    /**
     * The setting's clear value, or empty when it is not set.
     *
     * @throws SettingUnreadable when the stored value fails authentication (altered, or sealed under a key
     *                           this node does not have)
     */
    Optional<String> value(String name);

    /** A stored setting could not be opened: it was altered, or sealed under an unknown master key. */
    final class SettingUnreadable extends RuntimeException {
        public SettingUnreadable(String name, Throwable cause) {
            super("The setting '" + name + "' cannot be opened: " + cause.getMessage(), cause, false, false);
        }
    }
}
