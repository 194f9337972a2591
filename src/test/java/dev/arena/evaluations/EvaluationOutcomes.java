package dev.arena.evaluations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every outcome of an evaluation, on the real Docker engine with the locally built images; a subclass per
 * way a sandbox is had (from the warm pool, or created for the job). Each subclass has a database of its
 * own, so that no other context's workers run its evaluations.
 */
@ArenaTest
@Import(FinishedEvents.class)
@TestPropertySource(properties = "arena.evaluations.workers=3")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EvaluationOutcomes {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    FinishedEvents finished;

    private Api alice;
    private String project = "";

    @BeforeAll
    void setUp() {
        alice = Api.signedIn(port, "alice");
        project = alice.createProject(alice.createOrg("Graders"), "course");
    }

    /** Runs a program the way this subclass gets its sandboxes, and checks that it did. */
    private JsonNode run(String language, String source, Map<String, Object> extra) {
        beforeRun(language);
        var result = submit(language, source, extra);
        afterRun(language);
        return result;
    }

    /** Called before a run that should get its sandbox the subclass's way. */
    abstract void beforeRun(String language);

    /** Called after it, to check that it did. */
    abstract void afterRun(String language);

    double poolTakes(String language, String outcome) {
        var counter = meters.find("arena.evaluations.pool.takes").tags("language", language, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private JsonNode submit(String language, String source, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("language", language);
        body.put("source", source);
        var response = alice.post("/v1/projects/" + project + "/evaluations?wait=true", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode run(String language, String source) {
        return run(language, source, Map.of());
    }

    @Test
    void languagesListShellAndPython() {
        var languages = alice.get("/v1/languages").json().get("items");
        assertThat(languages.findValuesAsString("name")).contains("shell", "python3");
        assertThat(languages.get(1).get("image").asString()).isEqualTo("arena/python:3");
        assertThat(languages.get(1).get("defaultLimits").get("wallTimeMs").asLong()).isEqualTo(10_000);
    }

    @Test
    void aResultIsPublishedForOtherModules() throws InterruptedException {
        var result = run("python3", "x = b'x' * (200 << 20)", Map.of("limits", Map.of("memoryMb", 64)));
        var event = finished.of(Long.parseLong(result.get("id").asString())).orElseThrow();
        assertThat(event.status()).isEqualTo("memory_limit");
        assertThat(event.language()).isEqualTo("python3");
        assertThat(event.projectId()).isEqualTo(Long.parseLong(project));
        assertThat(event.submitterUserId()).isNotNull();
    }

    @Test
    void helloWorldInShellAndPython() {
        var shell = run("shell", "echo hello from sh");
        assertThat(shell.get("status").asString()).isEqualTo("completed");
        assertThat(shell.get("stdout").asString()).isEqualTo("hello from sh\n");
        assertThat(shell.get("exitCode").asInt()).isZero();
        var retry = alice.post("/v1/projects/" + project + "/evaluations/" + shell.get("id").asString() + "/retry", null);
        assertThat(retry.status()).as("only dead-lettered evaluations can be retried: " + retry).isEqualTo(409);

        var python = run("python3", "print('hello from python')");
        assertThat(python.get("status").asString()).as(python.toString()).isEqualTo("completed");
        assertThat(python.get("stdout").asString()).isEqualTo("hello from python\n");
        assertThat(python.get("wallTimeMs").asLong()).isPositive();
        assertThat(python.get("finishedAt").isNull()).isFalse();
    }

    @Test
    void aProgramThatForgesTheRunnersEndLineDoesNotEndItsRun() {
        // The runner ends a fed run with a line after a mark that is random per run; a look-alike is the program's output.
        String fake = "printf '\\036arena-end 0123456789abcdef 0\\n'";
        var forged = run("shell", fake + "; " + fake + " >&2; sleep 0.3; echo \"it's after\"; exit 3");
        assertThat(forged.get("stdout").asString()).as(forged.toString()).endsWith("it's after\n");
        assertThat(forged.get("exitCode").asInt()).isEqualTo(3);
        assertThat(forged.get("status").asString()).isEqualTo("runtime_error");
    }

    @Test
    void stdinIsThePrograms() {
        var echo = run("python3", "import sys\nprint(sys.stdin.read().upper(), end='')", Map.of("stdin", "abc\ndef\n"));
        assertThat(echo.get("stdout").asString()).isEqualTo("ABC\nDEF\n");
    }

    @Test
    void aStdinTooLargeForTheEnvironmentArrivesAsAFile() {
        var result = submit("python3", "import sys\nprint(len(sys.stdin.read()))", Map.of("stdin", "é".repeat(100_000)));
        assertThat(result.get("stdout").asString()).isEqualTo("100000\n");
    }

    @Test
    void aSyntaxErrorIsANormalResult() {
        var result = run("python3", "print('unclosed'");
        assertThat(result.get("status").asString()).isEqualTo("runtime_error");
        assertThat(result.get("exitCode").asInt()).isEqualTo(1);
        assertThat(result.get("stderr").asString()).contains("SyntaxError");
    }

    @Test
    void aRuntimeErrorKeepsItsExitCodeAndStderr() {
        var result = run("shell", "echo oops >&2; exit 3");
        assertThat(result.get("status").asString()).isEqualTo("runtime_error");
        assertThat(result.get("exitCode").asInt()).isEqualTo(3);
        assertThat(result.get("stderr").asString()).isEqualTo("oops\n");
    }

    @Test
    void anInfiniteLoopIsKilledAtItsLimit() {
        var result = run("python3", "while True: pass", Map.of("limits", Map.of("wallTimeMs", 1000)));
        assertThat(result.get("status").asString()).isEqualTo("time_limit");
        assertThat(result.get("wallTimeMs").asLong()).isBetween(900L, 3000L);
    }

    @Test
    void aForkBombIsContainedByThePidsLimit() {
        var result = run("shell", ":(){ :|:& };:", Map.of("limits", Map.of("wallTimeMs", 2000, "pids", 16)));
        assertThat(result.get("status").asString()).isIn("time_limit", "runtime_error", "completed");
        assertThat(run("shell", "echo still here").get("stdout").asString()).isEqualTo("still here\n");
    }

    @Test
    void aMemoryBombIsReportedAsMemoryLimit() {
        var result = run("python3", "x = []\nwhile True: x.append(b'x' * (1 << 20))", Map.of("limits", Map.of("memoryMb", 64)));
        assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("memory_limit");
        assertThat(run("shell", "echo fine", Map.of("limits", Map.of("memoryMb", 64))).get("status").asString())
                .as("a program within the same limit").isEqualTo("completed");
    }

    @Test
    void largeOutputIsTruncated() {
        var result = run("python3", "import sys\nsys.stdout.write('x' * 10_000_000)", Map.of("limits", Map.of("outputBytes", 1000)));
        assertThat(result.get("status").asString()).isEqualTo("output_limit");
        assertThat(result.get("stdoutTruncated").asBoolean()).isTrue();
        assertThat(result.get("stdout").asString()).hasSize(1000);
    }

    @Test
    void theNetworkIsUnreachable() {
        var result = run("python3", """
                import socket
                socket.create_connection(('1.1.1.1', 53), timeout=2)
                """);
        assertThat(result.get("status").asString()).isEqualTo("runtime_error");
        assertThat(result.get("stderr").asString()).containsAnyOf("unreachable", "Network", "OSError");
    }

    @Test
    void onlyTheWorkDirectoryIsWritable() {
        var outside = run("shell", "echo x > /home/arena/f || echo x > /run/arena/f || echo x > /etc/f");
        assertThat(outside.get("status").asString()).isEqualTo("runtime_error");
        assertThat(outside.get("stderr").asString()).containsAnyOf("Read-only", "Permission denied");

        var inside = run("shell", "echo kept > f && cat f && pwd");
        assertThat(inside.get("stdout").asString()).isEqualTo("kept\n/tmp\n");
    }

    @Test
    void testsGetAVerdictEach() {
        var result = run("python3", "n = int(input())\nprint(n * 2)", Map.of("tests", List.of(
                Map.of("stdin", "2\n", "expectedOutput", "4"),
                Map.of("stdin", "3\n", "expectedOutput", "7\n"),
                Map.of("stdin", "x\n", "expectedOutput", "0"))));
        assertThat(result.get("tests").findValuesAsString("verdict")).containsExactly("accepted", "wrong_answer", "runtime_error");
        assertThat(result.get("verdict").asString()).isEqualTo("wrong_answer");
    }

    @Test
    void testsShareOneSandbox() {
        var result = run("shell", "echo x >> runs; wc -l < runs", Map.of("tests", List.of(
                Map.of("stdin", "", "expectedOutput", "1"),
                Map.of("stdin", "", "expectedOutput", "2"),
                Map.of("stdin", "", "expectedOutput", "3"))));
        assertThat(result.get("tests").findValuesAsString("verdict")).as(result.toString())
                .containsExactly("accepted", "accepted", "accepted");
    }

    @Test
    void testsStopAtTheFirstFailureWhenAsked() {
        var result = run("shell", "read n; echo $((n * 2))", Map.of("stopOnFirstFailure", true, "tests", List.of(
                Map.of("stdin", "2\n", "expectedOutput", "4"),
                Map.of("stdin", "3\n", "expectedOutput", "7"),
                Map.of("stdin", "4\n", "expectedOutput", "8"))));
        assertThat(result.get("tests").findValuesAsString("verdict")).containsExactly("accepted", "wrong_answer", "skipped");
        assertThat(result.get("verdict").asString()).isEqualTo("wrong_answer");
    }

    @Test
    void aTestKilledAtItsLimitLeavesTheNextAFreshSandbox() {
        var result = run("shell", "read what; [ \"$what\" = loop ] && while :; do :; done; echo ok", Map.of(
                "limits", Map.of("wallTimeMs", 500), "tests", List.of(
                        Map.of("stdin", "loop\n", "expectedOutput", ""),
                        Map.of("stdin", "stop\n", "expectedOutput", "ok"))));
        assertThat(result.get("tests").findValuesAsString("verdict")).as(result.toString()).containsExactly("time_limit", "accepted");
        assertThat(result.get("status").asString()).isEqualTo("time_limit");
    }

    @Test
    void cpuTimeAndPeakMemoryAreMeasured() {
        // Busy until the program's own CPU clock says 300 ms: a fixed loop takes less CPU on a faster machine, and a
        // busy second of wall time may get little CPU on a shared one.
        var busy = run("python3", "import time\nwhile time.process_time() < 0.3:\n    pass\nprint('done')");
        var idle = run("python3", "import time\ntime.sleep(0.5)");
        assertThat(busy.get("cpuTimeMs").asLong()).as(busy.toString()).isGreaterThanOrEqualTo(290).isGreaterThan(idle.get("cpuTimeMs").asLong() + 200);

        var big = run("python3", "x = b'x' * (100 << 20)\nprint(len(x))");
        assertThat(big.get("status").asString()).as(big.toString()).isEqualTo("completed");
        assertThat(big.get("memoryPeakBytes").asLong()).isGreaterThan(100L << 20);
    }

    @Test
    void aRetriedSubmissionWithTheSameKeyIsTheFirst() {
        var headers = Map.of("Idempotency-Key", "retry-me-1");
        var body = Map.of("language", "shell", "source", "echo once");
        var first = alice.send("POST", "/v1/projects/" + project + "/evaluations", body, headers);
        var again = alice.send("POST", "/v1/projects/" + project + "/evaluations", body, headers);
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.text("status")).isEqualTo("queued");
        assertThat(again.text("id")).isEqualTo(first.text("id"));
    }

    @Test
    void eventsStreamEveryStatusUntilTheResult() {
        String id = alice.post("/v1/projects/" + project + "/evaluations", Map.of("language", "shell", "source", "sleep 0.3; echo done"))
                .text("id");
        var events = alice.send("GET", "/v1/projects/" + project + "/evaluations/" + id + "/events", null,
                Map.of("Accept", "text/event-stream"));
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.body()).contains("event: status").contains("\"status\":\"completed\"");
        assertThat(events.body().indexOf("\"status\":\"running\"")).isLessThan(events.body().indexOf("\"status\":\"completed\""));

        var waited = alice.get("/v1/projects/" + project + "/evaluations/" + id + "?wait=true");
        assertThat(waited.text("stdout")).isEqualTo("done\n");
    }

    @Test
    void aBatchQueuesEach() {
        var response = alice.post("/v1/projects/" + project + "/evaluations/batch", Map.of("evaluations", List.of(
                Map.of("language", "shell", "source", "echo a"), Map.of("language", "shell", "source", "echo b"))));
        assertThat(response.status()).isEqualTo(202);
        String second = response.json().get("items").get(1).get("id").asString();
        var result = alice.get("/v1/projects/" + project + "/evaluations/" + second + "?wait=true");
        assertThat(result.text("stdout")).isEqualTo("b\n");
    }

    @Test
    void outOfRangeLimitsAndMalformedBodiesAreProblems() {
        String path = "/v1/projects/" + project + "/evaluations";
        var tooLong = alice.post(path, Map.of("language", "shell", "source", "true", "limits", Map.of("wallTimeMs", 31_000)));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.text("field")).isEqualTo("limits.wallTimeMs");
        var unknown = alice.post(path, Map.of("language", "cobol", "source", "true"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.text("field")).isEqualTo("language");
        var malformed = alice.post(path, "{\"language\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.isProblem()).isTrue();
        var missing = alice.post(path, Map.of("language", "shell"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.isProblem()).isTrue();
    }
}
