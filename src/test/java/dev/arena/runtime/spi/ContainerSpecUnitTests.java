package dev.arena.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A spec is hardened unless it says otherwise, and refuses what the engine should never be asked. */
class ContainerSpecUnitTests {

    static final ArenaLabels LABELS = new ArenaLabels("instance", "42", "p1", "u7");

    static ContainerSpec.Builder limited() {
        return ContainerSpec.builder("arena/busybox:1", LABELS).memoryBytes(64L << 20).cpus(0.5).pidsLimit(100);
    }

    @Test
    void defaultsAreHardened() {
        var spec = limited().build();

        assertThat(spec.readOnlyRoot()).isTrue();
        assertThat(spec.user()).isEqualTo("10001:10001");
        assertThat(spec.capAdd()).isEmpty();
        assertThat(spec.network()).isEqualTo("bridge");
        assertThat(spec.nanoCpus()).isEqualTo(500_000_000L);
        assertThat(spec.allLabels()).containsEntry("arena.kind", "instance").containsEntry("arena.id", "42")
                .containsEntry("arena.project", "p1").containsEntry("arena.owner", "u7");
    }

    @Test
    void limitsHaveNoDefaults() {
        var base = ContainerSpec.builder("arena/busybox:1", LABELS);
        assertThatThrownBy(() -> base.build()).hasMessageContaining("memory limit is required");
        assertThatThrownBy(() -> base.memoryBytes(64L << 20).build()).hasMessageContaining("CPU limit is required");
        assertThatThrownBy(() -> base.cpus(1).build()).hasMessageContaining("pids limit is required");
        assertThat(base.pidsLimit(10).build().pidsLimit()).isEqualTo(10);
    }

    @Test
    void limitsMustBeUsable() {
        assertThatThrownBy(() -> limited().memoryBytes(1 << 20).build()).hasMessageContaining("at least 6 MiB");
        assertThatThrownBy(() -> limited().cpus(0).build()).hasMessageContaining("CPU limit");
        assertThatThrownBy(() -> limited().pidsLimit(0).build()).hasMessageContaining("pids limit");
    }

    @Test
    void aChallengeMayRelaxOnlyWhatItNames() {
        var spec = limited().writableRoot().capAdd("NET_BIND_SERVICE").user("0").tmpfs("/tmp", 1 << 20).build();

        assertThat(spec.readOnlyRoot()).isFalse();
        assertThat(spec.capAdd()).containsExactly("NET_BIND_SERVICE");
        assertThat(spec.user()).isEqualTo("0");
        assertThat(spec.tmpfs()).containsEntry("/tmp", 1L << 20);
    }

    @Test
    void unknownCapabilitiesAndAllAreRefused() {
        assertThatThrownBy(() -> limited().capAdd("ALL").build()).hasMessageContaining("capability ALL");
        assertThatThrownBy(() -> limited().capAdd("CAP_NET_ADMIN").build()).hasMessageContaining("CAP_NET_ADMIN");
    }

    @Test
    void theHostNetworkIsRefusedAndPortsNeedANetwork() {
        assertThatThrownBy(() -> limited().network("host").build()).hasMessageContaining("network");
        assertThatThrownBy(() -> limited().network("container:abc").build()).hasMessageContaining("network");
        assertThatThrownBy(() -> limited().network("none").port(ContainerPort.tcp(80)).build())
                .hasMessageContaining("cannot publish ports");
        assertThat(limited().network("arena-i-42").port(ContainerPort.tcp(80)).build().network()).isEqualTo("arena-i-42");
    }

    @Test
    void arenaLabelsComeOnlyFromArenaLabels() {
        assertThatThrownBy(() -> limited().label("arena.owner", "someone-else").build()).hasMessageContaining("arena.owner");
        assertThat(limited().label("arena.challenge", "c1").build().allLabels()).containsEntry("arena.challenge", "c1");
    }

    @Test
    void arenaLabelsMustAllBePresentAndPlain() {
        assertThatThrownBy(() -> new ArenaLabels("instance", "", "p", "o")).hasMessageContaining("arena.id");
        assertThatThrownBy(() -> new ArenaLabels("instance", "1", "p", "has space")).hasMessageContaining("arena.owner");
        assertThat(ArenaLabels.from(LABELS.asMap())).isEqualTo(LABELS);
        assertThat(ArenaLabels.from(java.util.Map.of("arena.kind", "instance"))).isNull();
    }

    @Test
    void filesGoIntoADirectoryOfTheirOwnAndNotIntoTmpfs() {
        assertThatThrownBy(() -> ContainerFile.text("/flag", "x")).hasMessageContaining("below a directory");
        assertThatThrownBy(() -> ContainerFile.text("/run/../etc/flag", "x")).hasMessageContaining("normalised");
        assertThatThrownBy(() -> ContainerFile.text("run/flag", "x")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new ContainerFile("/run/big", new byte[ContainerFile.MAX_SIZE + 1], 0444))
                .hasMessageContaining("1 MiB");
        assertThatThrownBy(() -> limited().tmpfs("/run/arena", 1 << 20).file(ContainerFile.text("/run/arena/flag", "x")).build())
                .hasMessageContaining("tmpfs");
        assertThatThrownBy(() -> limited().file(ContainerFile.text("/run/arena/flag", "x")).file(ContainerFile.text("/run/arena/flag", "y")).build())
                .hasMessageContaining("twice");
        assertThat(ContainerFile.text("/run/arena/flag", "x").directory()).isEqualTo("/run/arena");
    }

    @Test
    void environmentNamesAndUsersAreChecked() {
        assertThatThrownBy(() -> limited().env("BAD=NAME", "x").build()).hasMessageContaining("BAD=NAME");
        assertThatThrownBy(() -> limited().user("").build()).hasMessageContaining("user");
        assertThatThrownBy(() -> limited().name("/slash").build()).hasMessageContaining("name");
        assertThat(limited().env("FLAG", "flag{x}").user("arena").build().env()).containsEntry("FLAG", "flag{x}");
    }
}
