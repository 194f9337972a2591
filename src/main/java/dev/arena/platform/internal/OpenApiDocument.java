package dev.arena.platform.internal;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's frame: title, the bearer scheme, the RFC 9457 problem schema, and the problem
 * responses every operation can give, so that clients see them on each endpoint.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    private static final Map<String, String> PROBLEMS = Map.of(
            "400", "Malformed request (bad JSON, wrong types, unusable token)",
            "401", "Not signed in, or the credential is invalid",
            "403", "Signed in, but a role, quota or CSRF token is missing",
            "404", "No such resource, or not visible to the caller",
            "409", "Conflicts with existing data",
            "413", "Request body too large",
            "422", "Well-formed, but a value is not acceptable",
            "429", "Rate limited; see Retry-After",
            "500", "Arena failed; nothing internal is disclosed");

    @Bean
    OpenAPI arenaOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Arena API").version("v1")
                        .description("A self-hosted cyber range. Errors are RFC 9457 problem responses."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A CLI session token (ars_...) or a project access token (JWT)"))
                        .addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("arena_session"))
                        .addSchemas("Problem", problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("session"));
    }

    @Bean
    GlobalOpenApiCustomizer problemResponses() {
        return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                PROBLEMS.forEach((status, description) -> {
                    if (operation.getResponses().get(status) == null) {
                        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                                .content(new Content().addMediaType("application/problem+json",
                                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
                    }
                })));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("urn:arena:problem:quota-exceeded"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema());
    }
}
