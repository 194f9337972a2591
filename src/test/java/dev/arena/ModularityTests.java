package dev.arena;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The module boundaries hold, and the module documentation is written from them on every build. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(Arena.class);

    @Test
    void modulesDependOnlyOnWhatTheyMay() {
        modules.verify();
    }

    @Test
    void theRuntimeExposesItsPortOnlyAsTheSpiNamedInterface() {
        var runtime = modules.getModuleByName("runtime").orElseThrow();
        var spi = runtime.getNamedInterfaces().getByName("spi").orElseThrow();

        assertThat(spi.contains(dev.arena.runtime.spi.ContainerRuntime.class)).isTrue();
        assertThat(runtime.getNamedInterfaces().stream()
                .anyMatch(named -> named.contains(dev.arena.runtime.docker.DockerContainerRuntime.class))).isFalse();
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeDocumentation();
    }
}
