package dev.arena.platform.internal;

import dev.arena.platform.PlatformSettings;
import dev.arena.platform.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the master keys come from: configuration when given (production), otherwise one key generated
 * once into a file readable only by its owner (a laptop install). A bad key fails start-up with a message
 * that names the setting.
 */
final class MasterKeys {

    private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);

    private MasterKeys() {
    }

    static SecretBox secretBox(PlatformSettings settings) {
        if (!settings.masterKeys().isEmpty()) {
            Map<Integer, byte[]> keys = new HashMap<>();
            settings.masterKeys().forEach((version, text) -> keys.put(version, decode(version, text)));
            return new SecretBox(keys, settings.activeKeyVersion());
        }
        return new SecretBox(Map.of(1, fromFile(settings.masterKeyFile())), 1);
    }

    private static byte[] decode(int version, String text) {
        try {
            byte[] key = Base64.getDecoder().decode(text.trim());
            if (key.length == 32) {
                return key;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below with the setting's name
        }
        throw new IllegalStateException("arena.platform.master-keys." + version + " must be 32 bytes in base64");
    }

    private static byte[] fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return decode(1, Files.readString(file));
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            log.warn("No arena.platform.master-keys configured: generated one into {}. Configure keys in production.", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file
                    + " (arena.platform.master-key-file)", e);
        }
    }
}
