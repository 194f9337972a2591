package dev.arena.instances;

/**
 * The instances module refused a player's request through {@link DelegatedInstances}: {@code problem} is the
 * slug the HTTP API would answer with ({@code instance-exists}, {@code challenge-closed}, ...), the message
 * is meant for the player.
 */
public final class InstanceRefused extends RuntimeException {

    private final String problem;

    public InstanceRefused(String problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    public String problem() {
        return problem;
    }
}
