package dev.arena.chatops.internal;

import dev.arena.chatops.DiscordMappings;
import dev.arena.platform.Problems;
import dev.arena.runtime.spi.ContainerRuntimeException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The chat-ops module's own problems, in one place, for its API and the console's chat-ops pages. */
@RestControllerAdvice(basePackageClasses = ChatopsProblems.class, basePackages = "dev.arena.console.chatops")
class ChatopsProblems {

    @ExceptionHandler
    ProblemDetail channelTaken(DiscordMappings.ChannelTaken e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "channel-taken", "Channel taken", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    /** The engine could not be asked about a container: a 503 to try again (a container it lacks is answered where it is looked up). */
    @ExceptionHandler
    ProblemDetail engine(ContainerRuntimeException e) {
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "engine-unavailable", "Engine unavailable",
                "The container engine could not be asked (" + e.outcome() + "); try again.");
    }
}
