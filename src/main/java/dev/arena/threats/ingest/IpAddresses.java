package dev.arena.threats.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/** IP address literals, parsed without ever asking DNS. */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** The address a literal names (IPv4 dotted quad or IPv6), or null when the text is not one. */
    public static @Nullable InetAddress parse(String text) {
        if (text.isEmpty() || text.length() > 45 || !(text.indexOf(':') >= 0 ? ipv6Chars(text) : dottedQuad(text))) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean ipv6Chars(String text) {
        return text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    }
}
