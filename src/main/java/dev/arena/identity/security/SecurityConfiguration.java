package dev.arena.identity.security;

import dev.arena.identity.OpenRoutes;
import dev.arena.identity.account.Sessions;
import dev.arena.platform.ProblemWriter;
import dev.arena.platform.Problems;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Arena's one security chain: stateless (no servlet session), our own authentication filter, problem
 * responses for 401 and 403, and the short list of routes anyone may call (plus other modules' {@link OpenRoutes}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Routes that need no caller: signing up and in, public keys, the tiers, health, metrics and API docs. */
    static final String[] PUBLIC = {
            "/v1/auth/register", "/v1/auth/login", "/v1/auth/verify-email", "/v1/auth/password-reset",
            "/v1/auth/password-reset/confirm", "/v1/tokens/refresh", "/v1/tokens/client",
            "/.well-known/jwks.json", "/v1/tiers", "/v1/health/**", "/metrics", "/v3/api-docs", "/v3/api-docs/**", "/docs",
            "/docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error",
            // Ko-fi-style donation webhooks prove themselves with a per-project token in the body.
            "/v1/projects/*/mech/donations/webhook"};

    /**
     * No observations of Spring Security's own: they wrap every filter of the chain in a timed span with
     * meters, which cost about a fifth of the server's CPU on {@code GET /v1/users/me} (JFR, see
     * docs/benchmarks.md). Requests are still timed, with histograms, as {@code http.server.requests}.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security's strict firewall, with its header checks made without regular expressions ({@link PrintableText}). */
    @Bean
    static WebSecurityCustomizer firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(PrintableText::name);
        firewall.setAllowedHeaderValues(PrintableText::value);
        return web -> web.httpFirewall(firewall);
    }

    @Bean
    SecurityFilterChain arenaSecurity(HttpSecurity http, Sessions sessions, ObjectProvider<AccessTokenVerifier> accessTokens,
                                      ProblemWriter problems, ObjectProvider<OpenRoutes> openRoutes) throws Exception {
        String[] open = Stream.concat(Stream.of(PUBLIC), openRoutes.orderedStream().flatMap(r -> r.patterns().stream()))
                .toArray(String[]::new);
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .anonymous(a -> a.disable())
                // nothing asks the servlet request for its principal: Arena reads ArenaAuthentication
                .servletApi(s -> s.disable())
                .addFilterBefore(new AuthenticationFilter(sessions, accessTokens, problems), AuthorizationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problems.write(response,
                                Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
                                        "Sign in, or send a session or access token as 'Authorization: Bearer ...'.")))
                        .accessDeniedHandler((request, response, ex) -> problems.write(response,
                                Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Not allowed."))))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(open).permitAll()
                        .anyRequest().authenticated())
                .build();
    }
}
