package dev.arena.console.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.instances.ProjectChallenges.ChallengeDefinition;
import dev.arena.instances.ProjectChallenges.ChallengeRequest;
import dev.arena.platform.InvalidValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeFormUnitTests {

    @Test
    void aFormFilledWithAChallengeAsksForThatSameChallenge() {
        var challenge = new ChallengeDefinition("1", "2", "web", "arena/busybox:1", List.of("httpd", "-p", "8080"), List.of(8080, 8443),
                48, 0.25, 900, 300, 2, 1500, Map.of("MODE", "a=b"), "flag{web}", null, "FLAG", true, List.of("CHOWN"), false, 0,
                Instant.EPOCH, Instant.EPOCH);

        ChallengeRequest request = ChallengeForm.of(challenge).request();

        assertThat(request).isEqualTo(new ChallengeRequest("web", "arena/busybox:1", List.of("httpd", "-p", "8080"), List.of(8080, 8443),
                48, 0.25, 900, 300, 2, 1500, Map.of("MODE", "a=b"), "flag{web}", null, "FLAG", true, List.of("CHOWN"), false, 0));
    }

    @Test
    void blankFieldsAreLeftOutButListsAndCheckboxesSayTheyAreEmpty() {
        ChallengeRequest request = ChallengeForm.blank().request();

        assertThat(request).isEqualTo(new ChallengeRequest(null, null, List.of(), null, null, null, null, null, null, null, Map.of(),
                null, null, null, false, List.of(), false, null));
    }

    @Test
    void somethingThatIsNotANumberIsRefusedNamingTheField() {
        var form = new ChallengeForm("web", "img", "", "8080, eighty", null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);

        assertThatThrownBy(form::request).isInstanceOfSatisfying(InvalidValue.class, e -> assertThat(e.field()).isEqualTo("ports"));
    }

    @Test
    void anEnvironmentLineWithoutANameOrTwiceTheSameNameIsRefused() {
        for (String env : List.of("=value", "JUST_A_NAME", "A=1\nA=2")) {
            var form = new ChallengeForm("web", "img", "", "8080", null, null, null, null, null, null, env, null, null, null, null,
                    null, null, null);

            assertThatThrownBy(form::request).as(env).isInstanceOfSatisfying(InvalidValue.class, e -> assertThat(e.field()).isEqualTo("env"));
        }
    }
}
