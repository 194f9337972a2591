package dev.arena.chatops.internal;

import dev.arena.support.ArenaTest;

@ArenaTest
class DiscordChannelsOnH2Tests extends DiscordChannelScenarios {
}
