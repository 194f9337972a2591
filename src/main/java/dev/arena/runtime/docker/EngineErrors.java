package dev.arena.runtime.docker;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.arena.runtime.spi.ContainerRuntimeException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Turns what docker-java throws into the port's closed set of failures. */
final class EngineErrors {

    private EngineErrors() {
    }

    /**
     * @param what  the request, for messages, e.g. "remove container 1a2b"
     * @param image the image when the request was a create (a 404 then means the image is missing)
     */
    static ContainerRuntimeException translate(RuntimeException e, String what, @Nullable String image, String host, Duration timeout) {
        return switch (e) {
            case NotFoundException notFound when image != null && mentionsImage(notFound) ->
                    new ContainerRuntimeException.ImageMissing(image, e);
            case NotFoundException notFound -> new ContainerRuntimeException.NotFound(what + ": " + message(notFound), e);
            case ConflictException conflict -> new ContainerRuntimeException.Conflict(what + ": " + message(conflict), e);
            // The engine answers 403 when a network still has containers attached.
            case DockerException refused when refused.getHttpStatus() == 403 ->
                    new ContainerRuntimeException.Conflict(what + ": " + message(refused), e);
            case DockerException other -> new ContainerRuntimeException.EngineError(what + ": " + message(other), e);
            default -> fromCause(e, what, host, timeout);
        };
    }

    private static ContainerRuntimeException fromCause(RuntimeException e, String what, String host, Duration timeout) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return new ContainerRuntimeException.Timeout(what, timeout);
            }
            if (cause instanceof IOException io) {
                return new ContainerRuntimeException.DaemonUnreachable(host, io);
            }
        }
        return new ContainerRuntimeException.EngineError(what + ": " + e, e);
    }

    private static boolean mentionsImage(NotFoundException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No such image") || message.contains("pull access denied");
    }

    /** docker-java's messages read {@code Status 404: {"message":"..."}}; keep the engine's words. */
    private static String message(DockerException e) {
        String message = String.valueOf(e.getMessage());
        int start = message.indexOf("\"message\":\"");
        if (start < 0) {
            return message.strip();
        }
        int end = message.indexOf('"', start + 11);
        return end < 0 ? message.substring(start + 11) : message.substring(start + 11, end);
    }
}
