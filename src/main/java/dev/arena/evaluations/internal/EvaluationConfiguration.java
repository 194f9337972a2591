package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import dev.arena.platform.Notices;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EvaluationSettings.class)
class EvaluationConfiguration {

    @Bean
    Signals evaluationSignals(EvaluationSettings settings, Notices notices) {
        var queueNotices = new QueueNotices(notices);
        Signals signals = new Signals(settings.workers(), queueNotices::announce);
        if (settings.workers() > 0) {
            queueNotices.deliverTo(signals, settings.workers());
        }
        return signals;
    }

    @Bean
    Gauge evaluationQueueDepth(Evaluations evaluations, MeterRegistry meters) {
        return Gauge.builder("arena.evaluations.queue.depth", evaluations, Evaluations::queued)
                .description("evaluations waiting to run").register(meters);
    }
}
