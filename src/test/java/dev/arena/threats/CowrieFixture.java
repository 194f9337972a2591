package dev.arena.threats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A recorded Cowrie session (src/test/resources/threats/cowrie-session.json, Cowrie's JSON log format, one
 * event per line): connect, client version and kex, five failed logins, a success, uname -a, cpuinfo, wget of
 * a miner with chmod, its download, a crontab entry, an authorized_keys backdoor, the miner started, exit,
 * closed. Source 203.0.113.45 (TEST-NET-3), sensor hp-fra-1, Cowrie session 3f9a1c2b7d4e.
 */
public final class CowrieFixture {

    public static final String SOURCE = "203.0.113.45";
    public static final String SENSOR_SESSION = "3f9a1c2b7d4e";
    public static final int EVENTS = 20;

    private CowrieFixture() {
    }

    public static byte[] bytes() {
        try (InputStream in = CowrieFixture.class.getResourceAsStream("/threats/cowrie-session.json")) {
            if (in == null) {
                throw new IllegalStateException("fixture missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text() {
        return new String(bytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
