package dev.arena.chatops.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.chatops.DiscordMappings;
import dev.arena.identity.ProjectRole;
import dev.arena.support.Api;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A Discord channel belongs to one project, held by the database's unique constraint (migration V17): projects of
 * different tenants racing to map one channel leave exactly one mapping, and the losers are told the channel is
 * taken. Run on H2 and on PostgreSQL by its subclasses.
 */
abstract class DiscordChannelScenarios {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DiscordRoles roles;

    @Test
    void projectsOfSeveralTenantsRacingForOneChannelLeaveItWithExactlyOne() throws Exception {
        String channel = Long.toString(CommandLayerIntegrationTests.SNOWFLAKES.incrementAndGet());
        List<Long> projects = IntStream.range(0, 6)
                .mapToObj(i -> Long.parseLong(Fixtures.project(Api.signedIn(port, "racer-" + i), "racer"))).toList();
        var start = new CountDownLatch(1);
        List<Future<Boolean>> claims;
        try (var tenants = Executors.newVirtualThreadPerTaskExecutor()) {
            claims = projects.stream().map(project -> tenants.submit(() -> {
                start.await();
                try {
                    roles.put(new DiscordRoles.Mapping(project, DiscordRoles.Kind.CHANNEL, channel, ProjectRole.ADMIN));
                    return true;
                } catch (DiscordMappings.ChannelTaken taken) {
                    return false;
                }
            })).toList();
            start.countDown();
        }
        int won = 0;
        for (Future<Boolean> claim : claims) {
            won += claim.get() ? 1 : 0;
        }

        assertThat(won).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM chatops_discord_roles WHERE kind = 'channel' AND discord_id = ?").param(channel)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(roles.channel(channel)).get().extracting(DiscordRoles.Mapping::projectId).isIn(projects);
    }

    @Test
    void theSameProjectMappingAChannelTwiceAtOnceKeepsItsOneMapping() throws Exception {
        String channel = Long.toString(CommandLayerIntegrationTests.SNOWFLAKES.incrementAndGet());
        long project = Long.parseLong(Fixtures.project(Api.signedIn(port, "remapper"), "remapper"));
        var start = new CountDownLatch(1);
        try (var requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ProjectRole role : List.of(ProjectRole.READER, ProjectRole.WRITER, ProjectRole.MANAGER, ProjectRole.ADMIN)) {
                requests.submit(() -> {
                    start.await();
                    roles.put(new DiscordRoles.Mapping(project, DiscordRoles.Kind.CHANNEL, channel, role));
                    return null;
                });
            }
            start.countDown();
        }

        assertThat(roles.of(project)).singleElement().extracting(DiscordRoles.Mapping::discordId).isEqualTo(channel);
    }
}
