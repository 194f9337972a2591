package dev.arena.platform;

/**
 * The caller asked for something that does not exist or that it may not see; both are answered the same
 * way (404) so that nobody learns which.
 */
public final class ResourceNotFound extends RuntimeException {

    private final String resource;

    public ResourceNotFound(String resource) {
        super(resource + " not found");
        this.resource = resource;
    }

    /** What kind of thing was not found, e.g. "project". */
    public String resource() {
        return resource;
    }
}
