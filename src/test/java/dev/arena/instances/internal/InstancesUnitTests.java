package dev.arena.instances.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.runtime.spi.ContainerRuntime;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Flags, challenge rules, settings and bulk engine work, without Spring or I/O. */
class InstancesUnitTests {

    @Test
    void aFlagIsTheTemplateWithARandomPartBeforeTheClosingBrace() {
        assertThat(InstanceService.flag("flag{web_101}")).matches("flag\\{web_101_[0-9a-f]{24}}");
        assertThat(InstanceService.flag("CTF{}")).matches("CTF\\{[0-9a-f]{24}}");
        assertThat(InstanceService.flag("flag{x}")).isNotEqualTo(InstanceService.flag("flag{x}"));
    }

    @Test
    void aChallengeBreakingARuleNamesTheField() {
        assertThat(field(() -> challenge(List.of(8080), "flag{a}", "/run/arena/flag", null).validate())).isNull();
        assertThat(field(() -> challenge(List.of(), "flag{a}", "/run/arena/flag", null).validate())).isEqualTo("ports");
        assertThat(field(() -> challenge(List.of(8080, 8080), "flag{a}", "/run/arena/flag", null).validate())).isEqualTo("ports");
        assertThat(field(() -> challenge(List.of(8080), "flag{a{b}}", "/run/arena/flag", null).validate())).isEqualTo("flagTemplate");
        assertThat(field(() -> challenge(List.of(8080), "flag{a}", "/tmp/flag", null).validate())).isEqualTo("flagFile");
        assertThat(field(() -> challenge(List.of(8080), "flag{a}", "/run/arena/flag", "FLAG").validate())).isEqualTo("flagFile");
        assertThat(field(() -> challenge(List.of(8080), "flag{a}", null, "FLAG").validate())).isNull();
    }

    @Test
    void aChallengeMayGetBackOnlyDockersDefaultCapabilities() {
        String file = "/run/arena/flag";
        assertThat(field(() -> challenge(List.of(80), "flag{a}", file, null, List.of("NET_BIND_SERVICE", "SETUID")).validate())).isNull();
        assertThat(field(() -> challenge(List.of(80), "flag{a}", file, null, List.of("SYS_ADMIN")).validate())).isEqualTo("capabilities");
        assertThat(field(() -> challenge(List.of(80), "flag{a}", file, null, List.of("NET_ADMIN")).validate())).isEqualTo("capabilities");
        assertThat(field(() -> challenge(List.of(80), "flag{a}", file, null, List.of("CHOWN", "CHOWN")).validate())).isEqualTo("capabilities");
        assertThat(field(() -> challenge(List.of(80), "flag{a}", file, null, List.of("CAP_CHOWN")).validate())).isEqualTo("capabilities");
    }

    @Test
    void onlyChallengesWithAFlagFileMayKeepAWarmPoolOfAtMostTwenty() {
        assertThat(field(() -> challenge(List.of(80), "flag{a}", "/run/arena/flag", null, List.of(), 20).validate())).isNull();
        assertThat(field(() -> challenge(List.of(80), "flag{a}", "/run/arena/flag", null, List.of(), 21).validate())).isEqualTo("warmPool");
        assertThat(field(() -> challenge(List.of(80), "flag{a}", "/run/arena/flag", null, List.of(), -1).validate())).isEqualTo("warmPool");
        assertThat(field(() -> challenge(List.of(80), "flag{a}", null, "FLAG", List.of(), 1).validate())).isEqualTo("warmPool");
        assertThat(field(() -> challenge(List.of(80), "flag{a}", null, "FLAG", List.of(), 0).validate())).isNull();
    }

    @Test
    void badSettingsFailNamingTheSetting() {
        assertThatThrownBy(() -> settings("10 per minute")).hasMessageContaining("arena.instances.flag-attempts");
        assertThat(settings("5/30s").flagLimit().period()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void bulkWorkKeepsNoMoreCallsInFlightThanTheEngineTakesAndGoesOnPastAFailure() {
        var containers = new Containers(engineTaking(3), settings("5/30s"));
        var inFlight = new AtomicInteger();
        var most = new AtomicInteger();
        Set<Integer> done = ConcurrentHashMap.newKeySet();

        containers.eachAtEngineWidth("test", IntStream.range(0, 40).boxed().toList(), i -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
                if (i == 7) {
                    throw new IllegalStateException("the engine refused");
                }
                done.add(i);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        });

        assertThat(most.get()).as("calls in flight at once").isEqualTo(3);
        assertThat(done).hasSize(39).doesNotContain(7);
    }

    /** A runtime that only says how many calls it takes at once. */
    private static ContainerRuntime engineTaking(int concurrency) {
        return (ContainerRuntime) Proxy.newProxyInstance(ContainerRuntime.class.getClassLoader(), new Class<?>[] {ContainerRuntime.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("concurrency")) {
                        return concurrency;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static InstancesSettings settings(String flagAttempts) {
        return new InstancesSettings("localhost", 3, 200, Duration.ofSeconds(5), Duration.ofMinutes(10), flagAttempts,
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofDays(90), "arena", "arena-instances", true, false, 256,
                Duration.ofMinutes(30));
    }

    private static Challenge challenge(List<Integer> ports, String flag, String flagFile, String flagEnv) {
        return challenge(ports, flag, flagFile, flagEnv, List.of());
    }

    private static Challenge challenge(List<Integer> ports, String flag, String flagFile, String flagEnv, List<String> capabilities) {
        return challenge(ports, flag, flagFile, flagEnv, capabilities, 0);
    }

    private static Challenge challenge(List<Integer> ports, String flag, String flagFile, String flagEnv, List<String> capabilities,
                                       int warmPool) {
        return new Challenge(1, 1, "web", "arena/busybox:1", List.of(), ports, 64, 0.5, Duration.ofMinutes(30),
                Duration.ofMinutes(30), 3, Duration.ofHours(2), Map.of(), flag, flagFile, flagEnv, false, capabilities, false,
                warmPool, Instant.EPOCH, Instant.EPOCH);
    }

    private static String field(Runnable validation) {
        try {
            validation.run();
            return null;
        } catch (InstancesProblem.Unacceptable e) {
            return e.field;
        }
    }
}
