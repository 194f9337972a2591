package dev.arena.chatops.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link ChatopsSettings}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatopsSettings.class)
class ChatopsConfiguration {
}
