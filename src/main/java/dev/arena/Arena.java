package dev.arena;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Arena: a self-hosted cyber range in one service. Each top-level package below this one is a module;
 * {@code ModularityTests} verifies that they depend on each other only as DESIGN.md says.
 */
@SpringBootApplication
@EnableScheduling
public class Arena {

    public static void main(String[] args) {
        SpringApplication.run(Arena.class, args);
    }
}
