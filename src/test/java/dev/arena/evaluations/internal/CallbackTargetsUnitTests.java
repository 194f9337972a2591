package dev.arena.evaluations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a callback may reach (IP literals only: no name is looked up). */
class CallbackTargetsUnitTests {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.255", "224.0.0.1", "255.255.255.255", "240.0.0.1", "192.0.0.8",
            "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:10.0.0.1", "::10.0.0.1", "64:ff9b::a00:1"})
    void localPrivateAndSpecialAddressesAreRefused(String literal) throws UnknownHostException {
        assertThat(CallbackTargets.isPublic(InetAddress.getByName(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.169.0.1", "2606:4700::1111",
            "2001:4860:4860::8888"})
    void publicAddressesAreAllowed(String literal) throws UnknownHostException {
        assertThat(CallbackTargets.isPublic(InetAddress.getByName(literal))).isTrue();
    }
}
