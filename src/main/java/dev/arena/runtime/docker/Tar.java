package dev.arena.runtime.docker;

import dev.arena.runtime.spi.ContainerFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Packs delivered files into the tar stream the Engine API's archive upload takes. Only what that needs:
 * regular files with short names, owned by root, in one directory (USTAR format).
 */
final class Tar {

    private static final int BLOCK = 512;

    private Tar() {
    }

    static byte[] of(List<ContainerFile> files) {
        var out = new ByteArrayOutputStream();
        for (ContainerFile file : files) {
            out.writeBytes(header(Path.of(file.path()).getFileName().toString(), file.mode(), file.content().length));
            out.writeBytes(file.content());
            out.writeBytes(new byte[padding(file.content().length)]);
        }
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    private static byte[] header(String name, int mode, long size) {
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, name);
        put(header, 100, 8, octal(mode, 7));
        put(header, 108, 8, octal(0, 7));
        put(header, 116, 8, octal(0, 7));
        put(header, 124, 12, octal(size, 11));
        put(header, 136, 12, octal(0, 11));
        header[156] = '0';
        put(header, 257, 6, "ustar");
        put(header, 263, 2, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        put(header, 148, 8, octal(checksum, 6));
        header[154] = 0;
        header[155] = ' ';
        return header;
    }

    private static String octal(long value, int digits) {
        String text = Long.toOctalString(value);
        return "0".repeat(Math.max(0, digits - text.length())) + text;
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
    }

    private static int padding(int size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }
}
