package dev.arena.chatops.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the chat-ops module, prefix {@code arena.chatops}, checked at start-up.
 *
 * @param scheduleTick     how often due schedules are looked for (default 5s; one node at a time)
 * @param missedAfter      a run found due longer ago than this was missed while Arena was down (default 1m)
 * @param cooldown         least time between two actions of one caller (default 5s; 0 turns it off)
 * @param linkCodeTtl      how long a Discord link code can be redeemed (default 10m)
 * @param mechDecayPerDay  power the mech loses per day (default 1.0)
 * @param mechThresholds   total donations at which each evolution level starts, ascending, first 0
 *                         (default 0,10,25,50,100,250,500,1000)
 * @param discordApiUrl    the base of Discord's REST API, ending in {@code /} (default Discord's own, v10)
 * @param discordGatewayUrl the Discord Gateway's WebSocket address (default Discord's own)
 * @param discordBot       whether this node may run the Discord bot (default true); of the nodes that may, the one
 *                         holding the bot's lease runs it
 * @param discordLease     how long the bot's lease lasts unless renewed (default 30s, at least 3s); it is renewed at a
 *                         third of that, so another node takes over within this time of the runner's death
 */
@ConfigurationProperties("arena.chatops")
public record ChatopsSettings(
        @DefaultValue("5s") Duration scheduleTick,
        @DefaultValue("1m") Duration missedAfter,
        @DefaultValue("5s") Duration cooldown,
        @DefaultValue("10m") Duration linkCodeTtl,
        @DefaultValue("1.0") double mechDecayPerDay,
        @DefaultValue({"0", "10", "25", "50", "100", "250", "500", "1000"}) List<Double> mechThresholds,
        @DefaultValue("https://discord.com/api/v10/") URI discordApiUrl,
        @DefaultValue("wss://gateway.discord.gg/") URI discordGatewayUrl,
        @DefaultValue("true") boolean discordBot,
        @DefaultValue("30s") Duration discordLease) {

    public ChatopsSettings {
        require(scheduleTick.isPositive(), "arena.chatops.schedule-tick must be positive, was " + scheduleTick);
        require(missedAfter.isPositive(), "arena.chatops.missed-after must be positive, was " + missedAfter);
        require(!cooldown.isNegative(), "arena.chatops.cooldown must not be negative, was " + cooldown);
        require(linkCodeTtl.isPositive(), "arena.chatops.link-code-ttl must be positive, was " + linkCodeTtl);
        require(mechDecayPerDay >= 0, "arena.chatops.mech-decay-per-day must not be negative, was " + mechDecayPerDay);
        require(!mechThresholds.isEmpty() && mechThresholds.getFirst() == 0,
                "arena.chatops.mech-thresholds must start with 0, was " + mechThresholds);
        for (int i = 1; i < mechThresholds.size(); i++) {
            require(mechThresholds.get(i) > mechThresholds.get(i - 1),
                    "arena.chatops.mech-thresholds must ascend, was " + mechThresholds);
        }
        mechThresholds = List.copyOf(mechThresholds);
        require(Set.of("http", "https").contains(discordApiUrl.getScheme()) && discordApiUrl.getPath().endsWith("/"),
                "arena.chatops.discord-api-url must be an http(s) address ending in /, was " + discordApiUrl);
        require(Set.of("ws", "wss").contains(discordGatewayUrl.getScheme()),
                "arena.chatops.discord-gateway-url must be a ws(s) address, was " + discordGatewayUrl);
        require(discordLease.toMillis() >= 3000, "arena.chatops.discord-lease must be at least 3s, was " + discordLease);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
