package dev.arena.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressUnitTests {

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(ClientAddress.of(request("198.51.100.7", "203.0.113.9"), 0)).isEqualTo("198.51.100.7");
    }

    @Test
    void behindOneProxyTheClientIsTheLastEntry() {
        assertThat(ClientAddress.of(request("10.0.0.2", "6.6.6.6, 203.0.113.9"), 1)).isEqualTo("203.0.113.9");
    }

    @Test
    void behindTwoProxiesTheClientIsTheSecondToLast() {
        assertThat(ClientAddress.of(request("10.0.0.3", "6.6.6.6, 203.0.113.9, 10.0.0.2"), 2)).isEqualTo("203.0.113.9");
    }

    @Test
    void aMissingOrMalformedHeaderFallsBackToThePeer() {
        assertThat(ClientAddress.of(request("10.0.0.2", null), 1)).isEqualTo("10.0.0.2");
        assertThat(ClientAddress.of(request("10.0.0.2", "<script>"), 1)).isEqualTo("10.0.0.2");
    }
}
