package dev.arena.platform;

import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A request body limit for some routes in place of {@code arena.platform.max-request-size}, for routes made
 * for large bodies (batch ingest). A module declares one as a bean; bodies over it get 413 all the same.
 *
 * @param pathPattern the routes it applies to, a Spring path pattern such as {@code /v1/projects/{p}/threats/events}
 * @param max         the largest body these routes accept
 */
public record BodyLimit(String pathPattern, DataSize max) {

    /** The parsed pattern. @throws org.springframework.web.util.pattern.PatternParseException when malformed */
    public PathPattern pattern() {
        return PathPatternParser.defaultInstance.parse(pathPattern);
    }
}
