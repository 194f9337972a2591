package dev.arena.evaluations.internal;

import dev.arena.evaluations.EvaluationSettings;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Keeps callbacks from reaching Arena's own network (server-side request forgery): a callback host must
 * resolve to public addresses only, unless it is named in {@code callback-allowed-hosts}. Refused are
 * loopback, unspecified, private (RFC 1918, IPv6 unique local), link-local (cloud metadata at
 * 169.254.169.254 among them), shared CGNAT space (100.64.0.0/10), multicast and broadcast addresses, and
 * IPv4 addresses written as IPv6. The check runs at submission and again before every delivery, because
 * a name's addresses can change in between (DNS rebinding); a name that changes between that check and
 * the connection itself is not caught.
 */
@Component
class CallbackTargets {

    private final Set<String> allowed;

    CallbackTargets(EvaluationSettings settings) {
        this.allowed = settings.callbackAllowedHosts().stream().map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Why a callback may not go to {@code url}'s host, or null when it may. Resolves the host. */
    @Nullable String refusal(URI url) {
        String host = url.getHost();
        if (host == null) {
            return "it has no host";
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (allowed.contains(bare.toLowerCase(Locale.ROOT))) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            return "its host " + host + " does not resolve";
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return "its host " + host + " resolves to " + address.getHostAddress()
                        + ", an address of a private, local or special network";
            }
        }
        return null;
    }

    /** Whether an address is on the public internet, as far as its number tells. */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0                                   // "this" network
                    && !(first == 100 && (second & 0xc0) == 64)  // 100.64.0.0/10, CGNAT
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24, protocol assignments
                    && first < 240;                              // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;         // fc00::/7, AWS metadata fd00:ec2::254 among them
            boolean embedsIpv4 = isZero(b, 0, 10) && (isZero(b, 10, 12) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff));
            boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b; // 64:ff9b::/96
            return !uniqueLocal && !embedsIpv4 && !nat64;
        }
        return false;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
