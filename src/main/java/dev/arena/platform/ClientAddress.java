package dev.arena.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * The address of the client that made a request. {@code X-Forwarded-For} is believed only as far as the
 * configured number of trusted proxies in front of Arena: each of them appends the address it saw, so the
 * client is the entry that many places from the right. Anything else in that header is the client's own
 * claim and is ignored.
 */
public final class ClientAddress {

    private static final Pattern IP = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private ClientAddress() {
    }

    /** The client's address, behind {@code trustedProxies} proxies (0: the socket's peer). */
    public static String of(HttpServletRequest request, int trustedProxies) {
        String peer = request.getRemoteAddr();
        if (trustedProxies <= 0) {
            return peer;
        }
        String header = request.getHeader("X-Forwarded-For");
        if (header == null || header.isBlank()) {
            return peer;
        }
        String[] hops = header.split(",");
        String candidate = hops[Math.max(0, hops.length - trustedProxies)].trim();
        return IP.matcher(candidate).matches() ? candidate : peer;
    }
}
