package dev.arena.identity.token;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@link TokenSettings} and sets up the access-token format with them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenSettings.class)
class TokenConfiguration {

    @Bean
    AccessTokens accessTokens(TokenSettings settings) {
        return new AccessTokens(settings.issuer(), settings.clockSkew());
    }
}
