package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EvaluationSettings.class)
class EvaluationConfiguration {

    @Bean
    QueueNotices evaluationQueueNotices(DataSource dataSource, EvaluationSettings settings) {
        return new QueueNotices(dataSource, settings);
    }

    @Bean
    Signals evaluationSignals(EvaluationSettings settings, QueueNotices notices) {
        Signals signals = new Signals(settings.workers(), notices::announce);
        notices.deliverTo(signals::workArrived);
        return signals;
    }

    @Bean
    Gauge evaluationQueueDepth(Evaluations evaluations, MeterRegistry meters) {
        return Gauge.builder("arena.evaluations.queue.depth", evaluations, Evaluations::queued)
                .description("evaluations waiting to run").register(meters);
    }
}
