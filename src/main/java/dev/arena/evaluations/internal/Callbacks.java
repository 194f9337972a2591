package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers results to callback URLs: a POST of the evaluation as JSON, signed in the header
 * {@code Arena-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" under callback-secret>}. A
 * receiver checks the signature and the time. Anything but a 2xx is retried with exponential backoff (1 s,
 * 2 s, 4 s, ...) up to {@code callback-attempts}. Deliveries are claimed in the database like jobs, so
 * each node may deliver and a delivery interrupted by a crash is tried again; a receiver may therefore
 * get one twice, and should key on the evaluation id. A URL whose host resolves to a non-public address
 * at delivery time ({@link CallbackTargets}) counts as a failed delivery. Runs only where
 * {@code callback-secret} is set.
 */
@Component
class Callbacks implements SmartLifecycle {

    static final String SIGNATURE = "Arena-Signature";
    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    private final Evaluations evaluations;
    private final EvaluationSettings settings;
    private final Signals signals;
    private final Clock clock;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final CallbackTargets targets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final AtomicBoolean started = new AtomicBoolean();
    private Thread thread = Thread.ofVirtual().unstarted(() -> { });

    Callbacks(Evaluations evaluations, EvaluationSettings settings, Signals signals, Clock clock, JsonMapper json, MeterRegistry meters,
              CallbackTargets targets) {
        this.targets = targets;
        this.evaluations = evaluations;
        this.settings = settings;
        this.signals = signals;
        this.clock = clock;
        this.json = json;
        this.meters = meters;
    }

    @Override
    public void start() {
        if (settings.callbackSecret() != null && started.compareAndSet(false, true)) {
            thread = Thread.ofVirtual().name("evaluation-callbacks").start(this::deliverForever);
        }
    }

    @Override
    public void stop() {
        started.set(false);
        thread.interrupt();
    }

    @Override
    public boolean isRunning() {
        return started.get();
    }

    private void deliverForever() {
        while (started.get()) {
            try {
                Instant now = clock.instant();
                var claim = evaluations.claimCallback(now, now.plus(settings.callbackTimeout()).plusSeconds(5));
                if (claim.isPresent()) {
                    deliver(claim.get());
                } else {
                    signals.awaitCallbacks(settings.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("delivering evaluation callbacks failed; trying again", e);
            }
        }
    }

    private void deliver(Evaluations.CallbackClaim claim) throws InterruptedException {
        Evaluation evaluation = evaluations.find(claim.id()).orElse(null);
        if (evaluation == null || evaluation.callbackUrl() == null) {
            return;
        }
        boolean delivered = post(evaluation, claim.attempt());
        meters.counter("arena.evaluations.callbacks", "outcome", delivered ? "delivered" : "failed").increment();
        Instant retryAt = delivered || claim.attempt() >= settings.callbackAttempts() ? null
                : clock.instant().plus(Duration.ofSeconds(1L << Math.min(16, claim.attempt() - 1)));
        evaluations.callbackDone(claim.id(), delivered, retryAt);
    }

    private boolean post(Evaluation evaluation, int attempt) throws InterruptedException {
        String refusal = targets.refusal(URI.create(evaluation.callbackUrl()));
        if (refusal != null) {
            log.warn("callback of evaluation {} to {} not sent (attempt {}): {}", evaluation.id(), evaluation.callbackUrl(), attempt, refusal);
            return false;
        }
        String body = json.writeValueAsString(EvaluationView.of(evaluation));
        long t = clock.instant().getEpochSecond();
        try {
            var request = HttpRequest.newBuilder(URI.create(evaluation.callbackUrl()))
                    .timeout(settings.callbackTimeout())
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE, "t=" + t + ",v1=" + sign(settings.callbackSecret(), t + "." + body))
                    .header("Arena-Evaluation-Id", Long.toString(evaluation.id()))
                    .header("Arena-Delivery-Attempt", Integer.toString(attempt))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (java.io.IOException | IllegalArgumentException e) {
            log.info("callback of evaluation {} to {} failed (attempt {}): {}", evaluation.id(), evaluation.callbackUrl(), attempt, e.toString());
            return false;
        }
    }

    /** The hex HMAC-SHA256 of {@code text} under {@code secret}: what a receiver recomputes to verify. */
    static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
