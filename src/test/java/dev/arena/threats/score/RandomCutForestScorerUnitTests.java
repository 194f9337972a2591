package dev.arena.threats.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomCutForestScorerUnitTests {

    private final RandomCutForestScorer scorer = new RandomCutForestScorer(new ScoreSettings(30, 256, 64, 10, 25_600, 2.0));
    private final Random random = new Random(7);

    /** A quiet session: a handful of events, one or two usernames, few commands, some failures. */
    private SessionFeatures ordinary() {
        return new SessionFeatures(5 + random.nextDouble() * 5, 1 + random.nextInt(2), 1 + random.nextInt(3),
                random.nextInt(4), 0.2 + random.nextDouble() * 0.2, false, 0, 60 + random.nextInt(240));
    }

    private void learn(long project, int sessions) {
        for (int i = 0; i < sessions; i++) {
            scorer.score(project, ordinary());
        }
    }

    @Test
    void aNewProjectsModelWarmsUpBeforeItScores() {
        Score first = scorer.score(1, ordinary());

        assertThat(first.warmedUp()).isFalse();
        assertThat(first.value()).isZero();
        assertThat(first.drivers()).isEmpty();

        learn(1, 63);
        assertThat(scorer.score(1, ordinary()).warmedUp()).isTrue();
    }

    @Test
    void aBruteForceBurstScoresFarHigherThanUsualTraffic() {
        learn(2, 500);
        double usual = scorer.score(2, ordinary()).value();

        Score burst = scorer.score(2, new SessionFeatures(900, 400, 2000, 1, 0.99, false, 0, 120));

        assertThat(burst.warmedUp()).isTrue();
        assertThat(burst.value()).isGreaterThan(usual * 2).isGreaterThan(1.5);
    }

    @Test
    void theAttributionNamesTheFeatureThatChanged() {
        learn(3, 500);

        Score score = scorer.score(3, new SessionFeatures(7, 1, 2, 2, 0.3, false, 40, 150));

        assertThat(score.drivers()).hasSize(SessionFeatures.NAMES.size());
        assertThat(score.drivers().getFirst().feature()).isEqualTo("downloads");
        assertThat(score.drivers()).isSortedAccordingTo((a, b) -> Double.compare(b.weight(), a.weight()));
        assertThat(score.drivers().stream().mapToDouble(Score.Attribution::weight).sum())
                .isCloseTo(score.value(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void anOrdinaryScoreComesWithoutDriversAndExplainingEveryScoreGivesThemAlways() {
        learn(7, 500);

        Score usual = scorer.score(7, ordinary());

        assertThat(usual.warmedUp()).isTrue();
        assertThat(usual.value()).isPositive().isLessThan(2.0);
        assertThat(usual.drivers()).as("under explain-from").isEmpty();

        RandomCutForestScorer explainingAll = new RandomCutForestScorer(new ScoreSettings(30, 256, 64, 10, 25_600, 0));
        for (int i = 0; i < 500; i++) {
            explainingAll.score(7, ordinary());
        }
        Score explained = explainingAll.score(7, ordinary());
        assertThat(explained.value()).isLessThan(2.0);
        assertThat(explained.drivers()).hasSize(SessionFeatures.NAMES.size());
        assertThat(explained.drivers().stream().mapToDouble(Score.Attribution::weight).sum())
                .isCloseTo(explained.value(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void oneProjectIsScoredSafelyFromManyThreads() throws Exception {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Score>>();
            for (int i = 0; i < 400; i++) {
                SessionFeatures features = new SessionFeatures(5 + i % 7, 1 + i % 3, 2, i % 4, 0.3, false, 0, 100 + i);
                futures.add(pool.submit(() -> scorer.score(6, features)));
            }
            for (var f : futures) {
                assertThat(f.get().value()).isFinite().isNotNegative();
            }
        }
        assertThat(scorer.score(6, ordinary()).warmedUp()).isTrue();
    }

    @Test
    void aBadSettingIsRefusedNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScoreSettings(30, 256, 300, 10, 25_600, 2.0))
                .hasMessageContaining("arena.threats.score.warm-up");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScoreSettings(5, 256, 64, 10, 25_600, 2.0))
                .hasMessageContaining("arena.threats.score.trees");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScoreSettings(30, 256, 64, 10, 100, 2.0))
                .hasMessageContaining("arena.threats.score.window");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScoreSettings(30, 256, 64, 10, 25_600, -1))
                .hasMessageContaining("arena.threats.score.explain-from");
    }

    @Test
    void projectsLearnSeparately() {
        learn(4, 500);
        learn(5, 500);
        for (int i = 0; i < 300; i++) {
            scorer.score(5, new SessionFeatures(900, 400, 2000, 1, 0.99, false, 0, 120));
        }

        SessionFeatures burst = new SessionFeatures(900, 400, 2000, 1, 0.99, false, 0, 120);

        assertThat(scorer.score(4, burst).value()).isGreaterThan(scorer.score(5, burst).value() * 2);
    }
}
