package dev.arena.instances.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link InstancesSettings}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InstancesSettings.class)
class InstancesConfiguration {
}
