package dev.arena.threats.enrich;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * What kind of network an address is in. Anything but {@link #PUBLIC} is labelled without a database
 * lookup: such addresses have no country. {@link #NONE} is a source that is not an address (an Arena user).
 */
public enum NetworkLabel {
    PUBLIC, PRIVATE, LOOPBACK, LINK_LOCAL, CGNAT, MULTICAST, RESERVED, NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The label a wire name names. @throws IllegalArgumentException for a name that is not one */
    public static NetworkLabel fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The label of an address: RFC 1918 and unique-local (fc00::/7) are private, 100.64.0.0/10 is CGNAT, ... */
    public static NetworkLabel of(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return LOOPBACK;
        }
        if (address.isLinkLocalAddress()) {
            return LINK_LOCAL;
        }
        if (address.isMulticastAddress()) {
            return MULTICAST;
        }
        if (address.isAnyLocalAddress()) {
            return RESERVED;
        }
        byte[] b = address.getAddress();
        return address instanceof Inet4Address ? ipv4(b[0] & 0xff, b[1] & 0xff) : ipv6(b[0] & 0xff);
    }

    private static NetworkLabel ipv4(int a, int b) {
        if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)) {
            return PRIVATE;
        }
        if (a == 100 && b >= 64 && b <= 127) {
            return CGNAT;
        }
        if (a == 0 || a >= 240) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static NetworkLabel ipv6(int first) {
        return (first & 0xfe) == 0xfc ? PRIVATE : PUBLIC;
    }
}
