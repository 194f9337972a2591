package dev.arena.runtime.spi;

import java.time.Duration;

/**
 * Every way a {@link ContainerRuntime} call can fail, as a closed set: callers switch over it instead of
 * parsing an engine's messages. {@link #outcome()} names the failure in metrics and logs.
 */
public abstract sealed class ContainerRuntimeException extends RuntimeException {

    private ContainerRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }

    private ContainerRuntimeException(String message) {
        super(message);
    }

    /** A short, stable name of the failure, e.g. {@code image_missing}. */
    public abstract String outcome();

    /** The image is not on the engine; nothing pulls it, so it must be built or loaded there first. */
    public static final class ImageMissing extends ContainerRuntimeException {
        private final String image;

        public ImageMissing(String image, Throwable cause) {
            super("image " + image + " is not on the engine", cause);
            this.image = image;
        }

        public String image() {
            return image;
        }

        @Override
        public String outcome() {
            return "image_missing";
        }
    }

    /** No engine answers at the configured address, or it broke the connection. */
    public static final class DaemonUnreachable extends ContainerRuntimeException {
        public DaemonUnreachable(String host, Throwable cause) {
            super("the container engine at " + host + " cannot be reached: " + cause.getMessage(), cause);
        }

        @Override
        public String outcome() {
            return "daemon_unreachable";
        }
    }

    /** The request clashes with the engine's state: a name in use, a network with containers still on it. */
    public static final class Conflict extends ContainerRuntimeException {
        public Conflict(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String outcome() {
            return "conflict";
        }
    }

    /** The container or network does not exist (any more). */
    public static final class NotFound extends ContainerRuntimeException {
        public NotFound(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String outcome() {
            return "not_found";
        }
    }

    /**
     * The call did not finish in time: either it waited too long for a free slot in the operation queue,
     * or the engine took longer than the call timeout. In the second case the engine may still carry the
     * call out; labels let reconciliation find what it leaves behind.
     */
    public static final class Timeout extends ContainerRuntimeException {
        public Timeout(String operation, Duration after) {
            super(operation + " did not finish within " + after);
        }

        @Override
        public String outcome() {
            return "timeout";
        }
    }

    /** The operation queue is full: too many calls already wait for the engine. Try again later. */
    public static final class Overloaded extends ContainerRuntimeException {
        public Overloaded(String operation, int waiting) {
            super(operation + " refused: " + waiting + " calls already wait for the container engine");
        }

        @Override
        public String outcome() {
            return "overloaded";
        }
    }

    /** The engine refused or failed the call for another reason; the message says what it said. */
    public static final class EngineError extends ContainerRuntimeException {
        public EngineError(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String outcome() {
            return "engine_error";
        }
    }
}
