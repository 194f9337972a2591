package dev.arena.chatops.internal;

import dev.arena.chatops.DiscordMappings;
import dev.arena.platform.Problems;
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
}
