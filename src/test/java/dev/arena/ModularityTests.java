package dev.arena;

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
    void writesModuleDocumentation() {
        new Documenter(modules).writeDocumentation();
    }
}
