package dev.arena.threats.score;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.returntypes.DiVector;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * One Random Cut Forest per project (shingle size 1: each session update is one point), at most
 * {@code maxForests} of them in memory, the least used dropped first. A forest is not thread-safe, so each is used under its
 * own lock: sessions of one project are scored one at a time, different projects in parallel.
 *
 * <p>Cost: a score alone is one pass down every tree; its drivers (the attribution) cost about three times
 * that, so they are computed only for scores from {@code explainFrom} up. The update, the rest of the cost,
 * changes the trees only when a tree's sampler keeps the point, which gets rarer the longer {@code window}.
 *
 * <p>Warm-up: RCF answers 0 until it has seen {@code warmUp} points. Rather than pass that 0 off as "normal",
 * the scorer returns {@link Score#warmingUp()}; policies that need a score stay silent for a new project's
 * first sessions, while policies on techniques alone act from the first one.
 */
@Component
@EnableConfigurationProperties(ScoreSettings.class)
class RandomCutForestScorer implements AnomalyScorer {

    private final ScoreSettings settings;
    private final Cache<Long, RandomCutForest> forests;

    RandomCutForestScorer(ScoreSettings settings) {
        this.settings = settings;
        this.forests = Caffeine.newBuilder().maximumSize(settings.maxForests()).build();
    }

    @Override
    public Score score(long projectId, SessionFeatures features) {
        RandomCutForest forest = forests.get(projectId, id -> newForest());
        double[] point = features.normalised();
        synchronized (forest) {
            Score score = forest.isOutputReady() ? scoreOf(forest, point, settings.explainFrom()) : Score.warmingUp();
            forest.update(point);
            return score;
        }
    }

    private RandomCutForest newForest() {
        return RandomCutForest.builder()
                .dimensions(SessionFeatures.NAMES.size())
                .shingleSize(1)
                .numberOfTrees(settings.trees())
                .sampleSize(settings.sampleSize())
                .outputAfter(settings.warmUp())
                .timeDecay(1.0 / settings.window())
                .parallelExecutionEnabled(false)
                .build();
    }

    /**
     * The score, from {@code explainFrom} up with each feature's share of it (high and low sides summed),
     * largest first. Below it the score alone: the attribution is the costlier traversal, and the scores
     * worth explaining are the few that stand out.
     */
    private static Score scoreOf(RandomCutForest forest, double[] point, double explainFrom) {
        if (explainFrom > 0) {
            double value = forest.getAnomalyScore(point);
            if (value < explainFrom) {
                return new Score(value, List.of());
            }
        }
        DiVector attribution = forest.getAnomalyAttribution(point);
        List<Score.Attribution> drivers = new ArrayList<>(SessionFeatures.NAMES.size());
        for (int i = 0; i < SessionFeatures.NAMES.size(); i++) {
            drivers.add(new Score.Attribution(SessionFeatures.NAMES.get(i), attribution.getHighLowSum(i)));
        }
        drivers.sort(Comparator.comparingDouble(Score.Attribution::weight).reversed());
        return new Score(attribution.getHighLowSum(), drivers);
    }
}
