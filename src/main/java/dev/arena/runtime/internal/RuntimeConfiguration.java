package dev.arena.runtime.internal;

import dev.arena.runtime.RuntimeSettings;
import dev.arena.runtime.docker.DockerContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Wires the container runtime: the Docker adapter behind the operation queue. Nothing here connects to
 * the engine, so Arena starts (and answers its health checks) when no engine is reachable.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RuntimeSettings.class)
class RuntimeConfiguration {

    @Bean(destroyMethod = "close")
    OperationQueue runtimeOperationQueue(RuntimeSettings settings, MeterRegistry meters) {
        return new OperationQueue(settings.concurrency(), settings.maxQueued(), settings.queueTimeout(), settings.callTimeout(), meters);
    }

    @Bean(destroyMethod = "close")
    DockerContainerRuntime dockerContainerRuntime(RuntimeSettings settings) {
        // A few connections beyond the queue's slots: calls the queue gave up on may still hold theirs.
        return new DockerContainerRuntime(settings.dockerHost(), settings.publishAddress(), settings.callTimeout(),
                settings.concurrency() + 4, settings.hostFilesDirectory().orElse(null));
    }

    /** The runtime other modules inject. */
    @Bean
    @Primary
    ContainerRuntime containerRuntime(DockerContainerRuntime docker, OperationQueue queue) {
        return new QueuedContainerRuntime(docker, queue);
    }
}
