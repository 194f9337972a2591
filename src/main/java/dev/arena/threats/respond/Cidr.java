package dev.arena.threats.respond;

import java.net.InetAddress;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address range: an address alone is a range of one. Parsing never touches DNS and accepts
 * only the usual spellings (dotted quads, RFC 4291 IPv6 without a zone), so that what is stored is what an
 * operator means. Host bits beyond the prefix are cleared ({@code 203.0.113.9/24} is {@code 203.0.113.0/24}).
 */
record Cidr(byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @throws IllegalArgumentException with a message for a human when it is neither
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text.strip() : text.substring(0, slash).strip();
        InetAddress address = address(host);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String suffix = text.substring(slash + 1).strip();
            if (!suffix.matches("\\d{1,3}") || Integer.parseInt(suffix) > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
            }
            prefix = Integer.parseInt(suffix);
        }
        return new Cidr(mask(address.getAddress(), prefix), prefix);
    }

    /** An address in a usual spelling, or null when the text is none (an IPv4-mapped IPv6 address is IPv4). */
    static @Nullable InetAddress address(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.indexOf(':') >= 0 && IPV6.matcher(text).matches())) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(bytes, prefix), network);
    }

    /** Whether the two ranges share an address. */
    boolean overlaps(Cidr other) {
        if (other.network.length != network.length) {
            return false;
        }
        int shorter = Math.min(prefix, other.prefix);
        return java.util.Arrays.equals(mask(network, shorter), mask(other.network, shorter));
    }

    /** A single address rather than a range. */
    boolean isHost() {
        return prefix == network.length * 8;
    }

    /** The first address of the range. */
    InetAddress first() {
        try {
            return InetAddress.getByAddress(network);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a wrong length, which parse rules out
        }
    }

    /** The canonical spelling: the address alone for a single host, else {@code network/prefix}. */
    @Override
    public String toString() {
        String host = first().getHostAddress();
        return isHost() ? host : host + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.clamp(prefix - i * 8L, 0, 8);
            out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
        }
        return out;
    }
}
