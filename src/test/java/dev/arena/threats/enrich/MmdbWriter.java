package dev.arena.threats.enrich;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small IPv4 MaxMind DB file (format 2.0, 24-bit records) for tests, so that no test needs a
 * downloaded database: networks map to records of strings, unsigned numbers and nested maps. Only what the
 * tests need of the format (https://maxmind.github.io/MaxMind-DB/) is written.
 */
final class MmdbWriter {

    private static final int RECORD_BITS = 24;

    private final String databaseType;
    private final Node root = new Node();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    private static final class Node {
        Object[] children = new Object[2]; // a Node, an Integer data offset, or null (no data)
        int index;
    }

    /** Maps an IPv4 network, such as {@code 203.0.113.0/24}, to a record. */
    MmdbWriter insert(String cidr, Map<String, ?> record) throws IOException {
        String[] parts = cidr.split("/");
        byte[] address = InetAddress.getByName(parts[0]).getAddress();
        int prefix = Integer.parseInt(parts[1]);
        int offset = data.size();
        encode(data, record);
        Node node = root;
        for (int bit = 0; bit < prefix; bit++) {
            int side = (address[bit / 8] >> (7 - bit % 8)) & 1;
            if (bit == prefix - 1) {
                node.children[side] = offset;
            } else {
                if (!(node.children[side] instanceof Node)) {
                    node.children[side] = new Node();
                }
                node = (Node) node.children[side];
            }
        }
        return this;
    }

    void write(Path file) throws IOException {
        List<Node> nodes = new ArrayList<>();
        number(root, nodes);
        int count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (Object child : node.children) {
                long value = child instanceof Node n ? n.index : child instanceof Integer offset ? count + 16L + offset : count;
                out.write((int) (value >> 16) & 0xff);
                out.write((int) (value >> 8) & 0xff);
                out.write((int) value & 0xff);
            }
        }
        out.write(new byte[16]);
        data.writeTo(out);
        out.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", (long) count);
        metadata.put("record_size", (long) RECORD_BITS);
        metadata.put("ip_version", 4L);
        metadata.put("database_type", databaseType);
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", 2L);
        metadata.put("binary_format_minor_version", 0L);
        metadata.put("build_epoch", 1_763_600_000L);
        metadata.put("description", Map.of("en", "Arena test database"));
        encode(out, metadata);
        Files.write(file, out.toByteArray());
    }

    private static void number(Node node, List<Node> nodes) {
        node.index = nodes.size();
        nodes.add(node);
        for (Object child : node.children) {
            if (child instanceof Node n) {
                number(n, nodes);
            }
        }
    }

    private static void encode(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case String s -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                control(out, 2, bytes.length);
                out.writeBytes(bytes);
            }
            case Long n -> {
                byte[] bytes = unsigned(n);
                control(out, 9, bytes.length);
                out.writeBytes(bytes);
            }
            case Integer n -> encode(out, (long) n);
            case Map<?, ?> map -> {
                control(out, 7, map.size());
                map.forEach((k, v) -> {
                    encode(out, k.toString());
                    encode(out, v);
                });
            }
            case List<?> list -> {
                control(out, 11, list.size());
                list.forEach(item -> encode(out, item));
            }
            default -> throw new IllegalArgumentException("not encodable: " + value);
        }
    }

    private static byte[] unsigned(long n) {
        int length = (64 - Long.numberOfLeadingZeros(n) + 7) / 8;
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[length - 1 - i] = (byte) (n >> (8 * i));
        }
        return bytes;
    }

    /** A control byte, the extended type byte, and the size bytes, for sizes up to 284. */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        if (size > 284) {
            throw new IllegalArgumentException("sizes over 284 are not needed here");
        }
        int sizeBits = Math.min(size, 29);
        out.write(type <= 7 ? (type << 5) | sizeBits : sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        if (size >= 29) {
            out.write(size - 29);
        }
    }
}
