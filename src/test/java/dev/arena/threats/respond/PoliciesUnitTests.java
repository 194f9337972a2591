package dev.arena.threats.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.threats.score.Score;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.ClassPathResource;

class PoliciesUnitTests {

    private static PolicySet load(String yaml) throws IOException {
        return PolicySet.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static SessionVerdict verdict(double score, String... techniques) {
        return new SessionVerdict(1, 2, "203.0.113.1", Set.of(techniques), new Score(score, List.of()), null, Instant.EPOCH);
    }

    @Test
    void theBuiltInPoliciesLoad() throws IOException {
        PolicySet set = PolicySet.load(new ClassPathResource(RespondConfiguration.BUILT_IN_POLICIES).getInputStream(), "built-in");

        assertThat(set.version()).isEqualTo(2);
        assertThat(set.policies()).extracting(Policy::name)
                .containsExactly("brute-force-block", "intrusion-block", "intrusion-stop-instance", "anomaly-alert", "discovery-watch",
                        "sandbox-abuse-alert");
    }

    @Test
    void everyConditionGivenMustHold() throws IOException {
        Policy policy = load("""
                version: 3
                policies:
                  - name: p
                    when: {score: 2, any-of: [T1110, T1021], all-of: [T1059]}
                    action: alert
                """).policies().getFirst();

        assertThat(policy.matches(verdict(2.0, "T1110.001", "T1059"))).as("sub-technique counts for its parent").isTrue();
        assertThat(policy.matches(verdict(1.9, "T1110", "T1059"))).as("score too low").isFalse();
        assertThat(policy.matches(verdict(5, "T1059"))).as("none of any-of").isFalse();
        assertThat(policy.matches(verdict(5, "T1110"))).as("not all of all-of").isFalse();
        assertThat(policy.matches(verdict(5, "T11100", "T1059"))).as("a prefix is no parent").isFalse();
        assertThat(policy.rule()).isEqualTo("score >= 2.0 and any of [T1021, T1110] and all of [T1059]");
    }

    @Test
    void aRepeatOffendersBlockIsMultipliedUpToTheCap() throws IOException {
        Policy policy = load("""
                version: 1
                policies:
                  - {name: b, when: {any-of: T1110}, action: block-ip, duration: 1h, escalation: 4}
                """).policies().getFirst();

        assertThat(policy.blockDuration(0, Duration.ofDays(1))).isEqualTo(Duration.ofHours(1));
        assertThat(policy.blockDuration(2, Duration.ofDays(1))).isEqualTo(Duration.ofHours(16));
        assertThat(policy.blockDuration(3, Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
        assertThat(policy.blockDuration(500, Duration.ofDays(1))).as("no overflow").isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aSetReadsBackFromTheDocumentItShows() throws IOException {
        PolicySet builtIn = PolicySet.load(new ClassPathResource(RespondConfiguration.BUILT_IN_POLICIES).getInputStream(), "built-in");
        PolicySet odd = load("""
                version: 7
                policies:
                  - {name: b, when: {score: 1.5, all-of: [T1021]}, action: block-ip, duration: 90m, escalation: 1.5, dry-run: true}
                  - {name: c, when: {any-of: T1046}, action: block-ip, duration: PT1.5S}
                """);

        assertThat(PolicySet.of(builtIn.document())).isEqualTo(builtIn);
        assertThat(PolicySet.of(odd.document())).isEqualTo(odd);
        assertThat(odd.policies().getFirst().document()).containsEntry("duration", "90m");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "policies: []|'version' must be a positive integer",
            "version: 1|'policies' must be a list",
            "version: 1\\npolicies: [{name: x, when: {score: 1}, action: nuke}]|policy 'x': 'action' must be",
            "version: 1\\npolicies: [{name: x, when: {}, action: alert}]|'when' needs at least one",
            "version: 1\\npolicies: [{name: x, when: {scroe: 1}, action: alert}]|unknown key 'scroe'",
            "version: 1\\npolicies: [{name: x, when: {any-of: [brute]}, action: alert}]|is not an ATT&CK technique id",
            "version: 1\\npolicies: [{name: x, when: {score: 1}, action: block-ip}]|needs a 'duration'",
            "version: 1\\npolicies: [{name: x, when: {score: 1}, action: block-ip, duration: soon}]|'duration' must be",
            "version: 1\\npolicies: [{name: x, when: {score: 1}, action: alert, escalation: 0.5}]|'escalation' must be 1-100",
            "version: 1\\npolicies: [{name: x, when: {score: 1}, action: alert, severity: dire}]|'severity' must be",
            "version: 1\\npolicies: [{name: x, when: {score: 1}, action: alert, dry-run: maybe}]|'dry-run' must be true or false",
            "version: 1\\npolicies: [{name: x, when: {score: 1}, action: alert}, {name: x, when: {score: 2}, action: alert}]|defined twice",
            "version: 1\\npolicies: [{name: X Y, when: {score: 1}, action: alert}]|needs a 'name'",
            "version: [|not YAML"})
    void aMistakeInThePoliciesFileIsReportedWhereItIs(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml.replace("\\n", "\n"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.yaml").hasMessageContaining(message);
    }
}
