package dev.arena.evaluations.internal;

import dev.arena.evaluations.Language;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A checked request to run a program: everything needed to queue it. */
record Submission(Language language, String source, String stdin, List<TestCase> tests, boolean stopOnFailure,
                  @Nullable String callbackUrl, Limits limits, @Nullable String idempotencyKey) {
}
