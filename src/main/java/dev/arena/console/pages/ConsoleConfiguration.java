package dev.arena.console.pages;

import dev.arena.identity.OpenRoutes;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;
import org.thymeleaf.spring6.SpringTemplateEngine;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's open routes (its sign-in page and assets), the filter that turns problems into pages, and the
 * resource-URL filter on console pages only.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

    /** Everything under it is a console page. */
    static final String ROOT = "/console";

    @Bean
    OpenRoutes consoleOpenRoutes() {
        return new OpenRoutes(List.of(ROOT + "/login", ROOT + "/assets/**", "/webjars/**"));
    }

    /** Ahead of Spring Security, so its 401 and CSRF problems become a redirect and a page too. */
    @Bean
    FilterRegistrationBean<ProblemPages> consoleProblemPages(SpringTemplateEngine templates, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new ProblemPages(templates, json));
        registration.addUrlPatterns(ROOT, ROOT + "/*");
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    /**
     * Thymeleaf's resource-URL filter (which lets links to WebJars resolve through the resource chain) on the
     * pages that render such links. Spring Boot would put it in front of every request, where the API's
     * answers, which link to nothing, paid for its request wrapper.
     */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> consoleResourceUrls() {
        var registration = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        registration.addUrlPatterns(ROOT, ROOT + "/*");
        return registration;
    }
}
