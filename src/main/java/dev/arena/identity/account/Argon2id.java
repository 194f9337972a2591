package dev.arena.identity.account;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.jspecify.annotations.Nullable;

/**
 * Argon2id version 1.3 (RFC 9106) computed in a {@link Memory} that the caller keeps and reuses, and its PHC
 * string format ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>}, standard Base64 without padding, the
 * format Spring Security's {@code Argon2PasswordEncoder} reads and writes).
 *
 * <p>Why not Bouncy Castle's {@code Argon2BytesGenerator}: it allocates the whole memory (19 MiB at OWASP's
 * parameters) as ~19,000 one-KiB block objects for every hash, so each login fed the young generation
 * 19 MiB that G1 then copied while the hash was still running. Here the blocks are one {@code long[]} that
 * lives as long as its {@link Memory}; a hash allocates only a few KiB. Blake2b itself (for H0 and the
 * variable-length hash H') is Bouncy Castle's.
 */
final class Argon2id {

    static final int VERSION = 0x13;
    private static final int TYPE = 2;
    private static final int SLICES = 4;
    private static final int BLOCK_LONGS = 128;
    private static final int BLOCK_BYTES = BLOCK_LONGS * Long.BYTES;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,6}),p=(\\d{1,4})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    private Argon2id() {
    }

    /** The cost parameters: memory in KiB, passes over it, and lanes. */
    record Parameters(int memoryKib, int iterations, int parallelism) {

        Parameters {
            if (parallelism < 1 || iterations < 1 || memoryKib < 8 * parallelism) {
                throw new IllegalArgumentException("Argon2id needs p >= 1, t >= 1 and m >= 8p, got m=" + memoryKib
                        + ",t=" + iterations + ",p=" + parallelism);
            }
        }
    }

    /** A hash as stored: its parameters, salt and tag. */
    record Encoded(Parameters parameters, byte[] salt, byte[] tag) {

        /** Reads a PHC string; null when it is not an Argon2id version 1.3 hash. */
        static @Nullable Encoded parse(String phc) {
            Matcher m = PHC.matcher(phc);
            if (!m.matches()) {
                return null;
            }
            try {
                var parameters = new Parameters(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
                byte[] salt = Base64.getDecoder().decode(m.group(4));
                byte[] tag = Base64.getDecoder().decode(m.group(5));
                return salt.length >= 8 && tag.length >= 4 ? new Encoded(parameters, salt, tag) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
            return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                    + parameters.parallelism() + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(tag);
        }
    }

    /**
     * The working memory of one hash at a time (not thread-safe): the blocks, grown to the largest memory
     * size asked for so far, and the scratch blocks of the compression function. Blocks are never cleared
     * between hashes: Argon2 writes every block before it reads it.
     */
    static final class Memory {

        private long[] blocks = new long[0];
        private final long[] r = new long[BLOCK_LONGS];
        private final long[] z = new long[BLOCK_LONGS];
        private final long[] zero = new long[BLOCK_LONGS];
        private final long[] input = new long[BLOCK_LONGS];
        private final long[] addresses = new long[BLOCK_LONGS];

        private long[] blocks(int count) {
            if (blocks.length < count * BLOCK_LONGS) {
                blocks = new long[count * BLOCK_LONGS];
            }
            return blocks;
        }
    }

    /** The tag of {@code tagLength} bytes for a password and salt (no secret key, no associated data). */
    static byte[] hash(Memory memory, byte[] password, byte[] salt, Parameters parameters, int tagLength) {
        return hash(memory, password, salt, new byte[0], new byte[0], parameters, tagLength);
    }

    /** The tag with a secret key and associated data (RFC 9106's K and X; the test vectors use both). */
    static byte[] hash(Memory memory, byte[] password, byte[] salt, byte[] secret, byte[] associatedData,
                       Parameters parameters, int tagLength) {
        int lanes = parameters.parallelism();
        int segmentLength = parameters.memoryKib() / (SLICES * lanes);
        int laneLength = segmentLength * SLICES;
        int blockCount = laneLength * lanes;
        long[] blocks = memory.blocks(blockCount);

        byte[] seed = Arrays.copyOf(initialHash(password, salt, secret, associatedData, parameters, tagLength), 72);
        byte[] block = new byte[BLOCK_BYTES];
        ByteBuffer le = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        for (int lane = 0; lane < lanes; lane++) {
            for (int first = 0; first < 2; first++) {
                putInt(seed, 64, first);
                putInt(seed, 68, lane);
                variableHash(seed, block);
                le.asLongBuffer().get(blocks, (lane * laneLength + first) * BLOCK_LONGS, BLOCK_LONGS);
            }
        }
        var shape = new Shape(lanes, laneLength, segmentLength, blockCount, parameters.iterations());
        for (int pass = 0; pass < parameters.iterations(); pass++) {
            for (int slice = 0; slice < SLICES; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    fillSegment(memory, blocks, shape, pass, slice, lane);
                }
            }
        }
        long[] last = Arrays.copyOfRange(blocks, (laneLength - 1) * BLOCK_LONGS, laneLength * BLOCK_LONGS);
        for (int lane = 1; lane < lanes; lane++) {
            int offset = (lane * laneLength + laneLength - 1) * BLOCK_LONGS;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                last[i] ^= blocks[offset + i];
            }
        }
        le.asLongBuffer().put(last);
        byte[] tag = new byte[tagLength];
        variableHash(block, tag);
        return tag;
    }

    private record Shape(int lanes, int laneLength, int segmentLength, int blockCount, int passes) {
    }

    /** RFC 9106 §3.2 step 1: H0 over all parameters and inputs. */
    private static byte[] initialHash(byte[] password, byte[] salt, byte[] secret, byte[] associatedData,
                                      Parameters parameters, int tagLength) {
        Blake2bDigest h = new Blake2bDigest(512);
        for (int value : new int[] {parameters.parallelism(), tagLength, parameters.memoryKib(), parameters.iterations(),
                VERSION, TYPE, password.length}) {
            updateInt(h, value);
        }
        h.update(password, 0, password.length);
        for (byte[] input : new byte[][] {salt, secret, associatedData}) {
            updateInt(h, input.length);
            h.update(input, 0, input.length);
        }
        byte[] out = new byte[64];
        h.doFinal(out, 0);
        return out;
    }

    /** RFC 9106 §3.3: H', the variable-length hash, of {@code input} into all of {@code out}. */
    private static void variableHash(byte[] input, byte[] out) {
        byte[] length = new byte[4];
        putInt(length, 0, out.length);
        if (out.length <= 64) {
            blake2b(out.length, out, 0, length, input);
            return;
        }
        int rounds = (out.length + 31) / 32 - 2;
        byte[] v = new byte[64];
        blake2b(64, v, 0, length, input);
        System.arraycopy(v, 0, out, 0, 32);
        for (int i = 1; i < rounds; i++) {
            blake2b(64, v, 0, v);
            System.arraycopy(v, 0, out, i * 32, 32);
        }
        blake2b(out.length - 32 * rounds, out, 32 * rounds, v);
    }

    private static void blake2b(int outLength, byte[] out, int outOffset, byte[]... inputs) {
        Blake2bDigest h = new Blake2bDigest(outLength * 8);
        for (byte[] input : inputs) {
            h.update(input, 0, input.length);
        }
        h.doFinal(out, outOffset);
    }

    /** RFC 9106 §3.4: one segment of one lane in one pass, with Argon2id's choice of addressing. */
    private static void fillSegment(Memory memory, long[] blocks, Shape shape, int pass, int slice, int lane) {
        boolean independent = pass == 0 && slice < SLICES / 2;
        if (independent) {
            long[] input = memory.input;
            Arrays.fill(input, 0);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = shape.blockCount();
            input[4] = shape.passes();
            input[5] = TYPE;
        }
        int start = 0;
        if (pass == 0 && slice == 0) {
            start = 2; // the first two blocks of each lane come from H0
            if (independent) {
                nextAddresses(memory);
            }
        }
        int laneLength = shape.laneLength();
        int current = lane * laneLength + slice * shape.segmentLength() + start;
        int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (int index = start; index < shape.segmentLength(); index++, current++, previous++) {
            if (current % laneLength == 1) {
                previous = current - 1;
            }
            long pseudoRandom;
            if (independent) {
                if (index % BLOCK_LONGS == 0) {
                    nextAddresses(memory);
                }
                pseudoRandom = memory.addresses[index % BLOCK_LONGS];
            } else {
                pseudoRandom = blocks[previous * BLOCK_LONGS];
            }
            int referenceLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % shape.lanes());
            int reference = referenceLane * laneLength
                    + referenceIndex(shape, pass, slice, index, pseudoRandom & 0xFFFFFFFFL, referenceLane == lane);
            compress(memory, blocks, previous * BLOCK_LONGS, blocks, reference * BLOCK_LONGS, blocks, current * BLOCK_LONGS, pass > 0);
        }
    }

    /** RFC 9106 §3.4.1.2: which block of the reference lane the current block mixes in. */
    private static int referenceIndex(Shape shape, int pass, int slice, int index, long j1, boolean sameLane) {
        int segmentLength = shape.segmentLength();
        long area;
        if (pass == 0) {
            area = slice * segmentLength + (sameLane ? index - 1 : index == 0 ? -1 : 0);
        } else {
            area = shape.laneLength() - segmentLength + (sameLane ? index - 1 : index == 0 ? -1 : 0);
        }
        long x = (j1 * j1) >>> 32;
        long relative = area - 1 - ((area * x) >>> 32);
        long start = pass != 0 && slice != SLICES - 1 ? (long) (slice + 1) * segmentLength : 0;
        return (int) ((start + relative) % shape.laneLength());
    }

    /** The next block of pseudo-random addresses for data-independent addressing: G(0, G(0, input)). */
    private static void nextAddresses(Memory memory) {
        memory.input[6]++;
        compress(memory, memory.zero, 0, memory.input, 0, memory.addresses, 0, false);
        compress(memory, memory.zero, 0, memory.addresses, 0, memory.addresses, 0, false);
    }

    /**
     * The compression function G (RFC 9106 §3.5): {@code out = P(x ^ y) ^ x ^ y}, XORed into the old
     * {@code out} when {@code accumulate} (passes after the first). {@code out} may be {@code y}.
     */
    private static void compress(Memory memory, long[] x, int xOffset, long[] y, int yOffset, long[] out, int outOffset,
                                 boolean accumulate) {
        long[] r = memory.r;
        long[] z = memory.z;
        for (int i = 0; i < BLOCK_LONGS; i++) {
            r[i] = x[xOffset + i] ^ y[yOffset + i];
        }
        if (accumulate) {
            for (int i = 0; i < BLOCK_LONGS; i++) {
                z[i] = r[i] ^ out[outOffset + i];
            }
        } else {
            System.arraycopy(r, 0, z, 0, BLOCK_LONGS);
        }
        for (int row = 0; row < BLOCK_LONGS; row += 16) {
            round(r, row, row + 1, row + 2, row + 3, row + 4, row + 5, row + 6, row + 7, row + 8, row + 9, row + 10,
                    row + 11, row + 12, row + 13, row + 14, row + 15);
        }
        for (int column = 0; column < 16; column += 2) {
            round(r, column, column + 1, column + 16, column + 17, column + 32, column + 33, column + 48, column + 49,
                    column + 64, column + 65, column + 80, column + 81, column + 96, column + 97, column + 112, column + 113);
        }
        for (int i = 0; i < BLOCK_LONGS; i++) {
            out[outOffset + i] = z[i] ^ r[i];
        }
    }

    /** The permutation P on sixteen words (RFC 9106 §3.6): Blake2b's round without a message. */
    private static void round(long[] v, int v0, int v1, int v2, int v3, int v4, int v5, int v6, int v7, int v8, int v9,
                              int v10, int v11, int v12, int v13, int v14, int v15) {
        mix(v, v0, v4, v8, v12);
        mix(v, v1, v5, v9, v13);
        mix(v, v2, v6, v10, v14);
        mix(v, v3, v7, v11, v15);
        mix(v, v0, v5, v10, v15);
        mix(v, v1, v6, v11, v12);
        mix(v, v2, v7, v8, v13);
        mix(v, v3, v4, v9, v14);
    }

    /** GB of RFC 9106 §3.6, with BlaMka's multiplication. */
    private static void mix(long[] v, int ia, int ib, int ic, int id) {
        long a = v[ia];
        long b = v[ib];
        long c = v[ic];
        long d = v[id];
        a = blaMka(a, b);
        d = Long.rotateRight(d ^ a, 32);
        c = blaMka(c, d);
        b = Long.rotateRight(b ^ c, 24);
        a = blaMka(a, b);
        d = Long.rotateRight(d ^ a, 16);
        c = blaMka(c, d);
        b = Long.rotateRight(b ^ c, 63);
        v[ia] = a;
        v[ib] = b;
        v[ic] = c;
        v[id] = d;
    }

    private static long blaMka(long x, long y) {
        return x + y + 2 * (x & 0xFFFFFFFFL) * (y & 0xFFFFFFFFL);
    }

    private static void updateInt(Blake2bDigest h, int value) {
        byte[] bytes = new byte[4];
        putInt(bytes, 0, value);
        h.update(bytes, 0, 4);
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
        bytes[offset + 2] = (byte) (value >>> 16);
        bytes[offset + 3] = (byte) (value >>> 24);
    }
}
