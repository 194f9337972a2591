package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import java.io.IOException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/projects/{projectId}/evaluations}: players (readers) submit programs, follow and cancel their own;
 * writers and up see and cancel every evaluation of the project, managers retry dead-lettered ones. A submission is answered 202 with its id as soon as it is queued; with
 * {@code ?wait=true} the request is held until the result (200) or {@code max-wait} (202).
 */
@RestController
@Tag(name = "Evaluations")
class EvaluationController {

    private final Submissions submissions;
    private final EvaluationOperations operations;
    private final ProjectAccess access;
    private final EvaluationSettings settings;
    private final JsonMapper json;

    EvaluationController(Submissions submissions, EvaluationOperations operations, ProjectAccess access,
                         EvaluationSettings settings, JsonMapper json) {
        this.submissions = submissions;
        this.operations = operations;
        this.access = access;
        this.settings = settings;
        this.json = json;
    }

    record TestBody(@NotNull String stdin, @NotNull String expectedOutput) {
    }

    record SubmissionBody(@NotNull @Size(max = 20) String language, @NotNull String source, @Nullable String stdin,
                          Submissions.@Nullable RequestedLimits limits, @Nullable List<@NotNull @Valid TestBody> tests,
                          @Nullable Boolean stopOnFirstFailure, @Nullable String callbackUrl) {
    }

    record BatchBody(@NotNull @Size(min = 1) List<@NotNull @Valid SubmissionBody> evaluations) {
    }

    @PostMapping("/v1/projects/{projectId}/evaluations")
    ResponseEntity<EvaluationView> submit(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                          @RequestParam(defaultValue = "false") boolean wait,
                                          @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
                                          @Valid @RequestBody SubmissionBody body) throws InterruptedException {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.READER);
        Evaluation queued = operations.submitted(caller, project, check(body, key, ""));
        Evaluation shown = wait ? submissions.awaitResult(project, queued.id()) : queued;
        return ResponseEntity.status(shown.status().terminal() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(EvaluationView.of(shown));
    }

    @PostMapping("/v1/projects/{projectId}/evaluations/batch")
    ResponseEntity<Map<String, List<EvaluationView>>> batch(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                                            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
                                                            @Valid @RequestBody BatchBody body) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.READER);
        if (body.evaluations().size() > settings.maxBatch()) {
            throw new InvalidSubmission("evaluations", "At most " + settings.maxBatch() + " evaluations per batch.");
        }
        List<Submission> checked = new ArrayList<>();
        for (int i = 0; i < body.evaluations().size(); i++) {
            checked.add(check(body.evaluations().get(i), key == null ? null : key + "#" + i, "evaluations[" + i + "]."));
        }
        var queued = operations.submittedAll(caller, project, checked, key);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("items", queued.stream().map(EvaluationView::of).toList()));
    }

    /** One evaluation; {@code ?wait=true} holds the request until it has a result or {@code max-wait} passed. */
    @GetMapping("/v1/projects/{projectId}/evaluations/{evaluationId}")
    EvaluationView get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String evaluationId,
                       @RequestParam(defaultValue = "false") boolean wait) throws InterruptedException {
        long project = Ids.parse(projectId, "project");
        Evaluation found = operations.visible(caller, project, Ids.parse(evaluationId, "evaluation"));
        return EvaluationView.of(wait ? submissions.awaitResult(project, found.id()) : found);
    }

    /**
     * Server-sent events: a {@code status} event with the whole evaluation now and at every change of its
     * status, ending after the result; a stream open longer than {@code max-wait} ends early, to be resumed.
     * Written on the request's own (virtual) thread rather than with an async {@code SseEmitter}, whose
     * async dispatch the security filters would see a second time.
     */
    @GetMapping("/v1/projects/{projectId}/evaluations/{evaluationId}/events")
    void events(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String evaluationId,
                HttpServletResponse response) throws IOException, InterruptedException {
        Evaluation seen = operations.visible(caller, Ids.parse(projectId, "project"), Ids.parse(evaluationId, "evaluation"));
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        var out = response.getOutputStream();
        send(out, seen);
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (!seen.status().terminal() && System.nanoTime() < deadline) {
            Evaluation now = submissions.awaitChange(seen, deadline - System.nanoTime());
            if (now.status() != seen.status()) {
                send(out, now);
            }
            seen = now;
        }
    }

    private void send(java.io.OutputStream out, Evaluation evaluation) throws IOException {
        String event = "event: status\nid: " + evaluation.status().wireName() + "\ndata: "
                + json.writeValueAsString(EvaluationView.of(evaluation)) + "\n\n";
        out.write(event.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
    }

    /** A project's evaluations, newest first; {@code ?status=internal_error} is the dead-letter view. */
    @GetMapping("/v1/projects/{projectId}/evaluations")
    Page<EvaluationView> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                              @RequestParam(required = false) @Nullable String status,
                              @RequestParam(required = false) @Nullable String cursor,
                              @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        long before = cursor == null || cursor.isEmpty() ? Long.MAX_VALUE : Page.after(cursor);
        return Page.keyset(operations.listed(caller, Ids.parse(projectId, "project"), status, before, limit + 1), limit, Evaluation::id)
                .map(EvaluationView::of);
    }

    /** Queues a dead-lettered evaluation again, with fresh attempts (project managers). */
    @PostMapping("/v1/projects/{projectId}/evaluations/{evaluationId}/retry")
    ResponseEntity<EvaluationView> retry(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                                         @PathVariable String evaluationId) {
        Evaluation retried = operations.retried(caller, Ids.parse(projectId, "project"), Ids.parse(evaluationId, "evaluation"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(EvaluationView.of(retried));
    }

    /** Cancels a queued evaluation (its reader, or writers); one already running or finished is a 409. */
    @PostMapping("/v1/projects/{projectId}/evaluations/{evaluationId}/cancel")
    EvaluationView cancel(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                          @PathVariable String evaluationId) {
        return EvaluationView.of(operations.cancelled(caller, Ids.parse(projectId, "project"), Ids.parse(evaluationId, "evaluation")));
    }

    private Submission check(SubmissionBody body, @Nullable String key, String prefix) {
        List<TestCase> tests = body.tests() == null ? List.of()
                : body.tests().stream().map(t -> new TestCase(t.stdin(), t.expectedOutput())).toList();
        return submissions.check(body.language(), body.source(), body.stdin(), body.limits(), tests,
                Boolean.TRUE.equals(body.stopOnFirstFailure()), body.callbackUrl(), key, prefix);
    }
}
