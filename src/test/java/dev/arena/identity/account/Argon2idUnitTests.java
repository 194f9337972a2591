package dev.arena.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Arena's Argon2id against RFC 9106, the reference implementation and Bouncy Castle's. */
class Argon2idUnitTests {

    @Test
    void rfc9106Argon2idTestVector() {
        byte[] tag = Argon2id.hash(new Argon2id.Memory(), filled(32, 0x01), filled(16, 0x02), filled(8, 0x03),
                filled(12, 0x04), new Argon2id.Parameters(32, 3, 4), 32);

        assertThat(HexFormat.of().formatHex(tag)).isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void verifiesThePhcStringOfTheReferenceImplementation() {
        // echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1 -l 32 (phc-winner-argon2)
        var encoded = Argon2id.Encoded.parse("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc");

        assertThat(encoded).isNotNull();
        byte[] tag = Argon2id.hash(new Argon2id.Memory(), "password".getBytes(StandardCharsets.US_ASCII), encoded.salt(),
                encoded.parameters(), 32);
        assertThat(HexFormat.of().formatHex(tag)).isEqualTo("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7");
        assertThat(encoded.toString()).isEqualTo("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc");
    }

    @Test
    void agreesWithBouncyCastleOnRandomInputsInOneReusedMemory() {
        var random = new Random(9106);
        var memory = new Argon2id.Memory();
        for (int run = 0; run < 40; run++) {
            int lanes = 1 + random.nextInt(4);
            // sizes up and down, so a memory that held a larger hash's blocks is reused for a smaller one
            var parameters = new Argon2id.Parameters(8 * lanes + random.nextInt(600), 1 + random.nextInt(3), lanes);
            byte[] password = bytes(random, random.nextInt(130));
            byte[] salt = bytes(random, 8 + random.nextInt(25));
            int tagLength = 4 + random.nextInt(150);

            byte[] ours = Argon2id.hash(memory, password, salt, parameters, tagLength);

            assertThat(ours).as("run %d: %s, tag %d bytes", run, parameters, tagLength)
                    .isEqualTo(bouncyCastle(password, salt, parameters, tagLength));
        }
    }

    @Test
    void hashesOfSpringSecuritysEncoderAtArenasParametersVerify() {
        var spring = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
        String stored = spring.encode("correct horse battery staple");
        var encoded = Argon2id.Encoded.parse(stored);

        assertThat(encoded).isNotNull();
        assertThat(encoded.toString()).isEqualTo(stored);
        assertThat(Argon2id.hash(new Argon2id.Memory(), "correct horse battery staple".getBytes(StandardCharsets.UTF_8),
                encoded.salt(), encoded.parameters(), 32)).isEqualTo(encoded.tag());
        // and the other way round: Spring Security reads what Arena writes
        var memory = new Argon2id.Memory();
        byte[] salt = filled(16, 0x5a);
        var mine = new Argon2id.Encoded(encoded.parameters(), salt, Argon2id.hash(memory,
                "tr\u00e8s s\u00fbr, \u2603 \uD83D\uDD12".getBytes(StandardCharsets.UTF_8), salt, encoded.parameters(), 32));
        assertThat(spring.matches("tr\u00e8s s\u00fbr, \u2603 \uD83D\uDD12", mine.toString())).isTrue();
    }

    @Test
    void rejectsWhatIsNotAnArgon2idVersion13PhcString() {
        assertThat(Argon2id.Encoded.parse("$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")).isNull();
        assertThat(Argon2id.Encoded.parse("$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")).isNull();
        assertThat(Argon2id.Encoded.parse("$argon2id$v=19$m=4,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"))
                .as("less memory than 8 blocks per lane").isNull();
        assertThat(Argon2id.Encoded.parse("$argon2id$v=19$m=65536,t=2,p=1$c2Fs$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"))
                .as("a salt under 8 bytes").isNull();
        assertThat(Argon2id.Encoded.parse("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$C")).as("not Base64").isNull();
        assertThat(Argon2id.Encoded.parse("bcrypt")).isNull();
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, Argon2id.Parameters parameters, int tagLength) {
        var generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(parameters.memoryKib()).withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism()).build());
        byte[] tag = new byte[tagLength];
        generator.generateBytes(password, tag);
        return tag;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
