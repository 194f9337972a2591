package dev.arena.threats.ingest;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/projects/{projectId}/threats/events}: writers (or a project token with the writer role)
 * send a JSON array or NDJSON of Cowrie or Arena events. 202 with how many were accepted and, per refused
 * line, why; a bad line never costs the good ones. A request with lines but none acceptable is 422.
 */
@RestController
@Tag(name = "Threats")
class IngestController {

    static final String ROUTE = "/v1/projects/{projectId}/threats/events";
    static final String NDJSON = "application/x-ndjson";
    /** Errors listed in one answer; {@code rejected} counts them all. */
    static final int MAX_LISTED_ERRORS = 100;

    private final EventParser parser;
    private final Inbox inbox;
    private final ProjectAccess access;

    IngestController(EventParser parser, Inbox inbox, ProjectAccess access) {
        this.parser = parser;
        this.inbox = inbox;
        this.access = access;
    }

    record Accepted(int accepted, int rejected, List<LineError> errors) {
    }

    @PostMapping(path = ROUTE, consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON})
    ResponseEntity<Accepted> ingest(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                    @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType, @RequestBody byte[] body) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.WRITER);
        EventParser.Parsed parsed = parser.parse(body, contentType.startsWith(NDJSON));
        List<LineError> errors = parsed.errors();
        if (parsed.events().isEmpty() && !errors.isEmpty()) {
            throw new NoValidEvents(errors.size(), listed(errors));
        }
        inbox.accept(project, parsed.events());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(parsed.events().size(), errors.size(), listed(errors)));
    }

    private static List<LineError> listed(List<LineError> errors) {
        return errors.size() <= MAX_LISTED_ERRORS ? errors : List.copyOf(errors.subList(0, MAX_LISTED_ERRORS));
    }

    /** Every line of a request was refused. */
    static final class NoValidEvents extends RuntimeException {
        final int rejected;
        final List<LineError> errors;

        NoValidEvents(int rejected, List<LineError> errors) {
            super("None of the " + rejected + " events could be accepted.", null, false, false);
            this.rejected = rejected;
            this.errors = errors;
        }
    }
}
