package dev.arena.identity.tenancy;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link TenancySettings}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TenancySettings.class)
class TenancyConfiguration {
}
