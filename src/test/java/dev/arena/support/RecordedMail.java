package dev.arena.support;

import dev.arena.platform.Mail;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The mail Arena sends during tests, kept in memory so a test can read the single-use tokens it contains.
 * Imported by {@link ArenaTest}; it replaces the logged (or SMTP) mail as the primary {@link Mail}. Test
 * users have unique addresses, so tests sharing one application context never read each other's mail.
 */
public final class RecordedMail implements Mail {

    /** One mail as Arena sent it. */
    public record Message(String to, String subject, String body) {
    }

    private final List<Message> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(String to, String subject, String body) {
        sent.add(new Message(to, subject, body));
    }

    /** Every mail sent to an address, oldest first. */
    public List<Message> to(String address) {
        return sent.stream().filter(m -> m.to().equalsIgnoreCase(address)).toList();
    }

    /** The newest token starting with {@code prefix} (e.g. {@code "art_"}) mailed to an address. */
    public Optional<String> lastToken(String address, String prefix) {
        Pattern token = Pattern.compile(Pattern.quote(prefix) + "[A-Za-z0-9_-]{43}");
        return to(address).reversed().stream()
                .map(m -> token.matcher(m.body()))
                .filter(Matcher::find)
                .map(Matcher::group)
                .findFirst();
    }

    /** Registers the recording mail as the primary {@link Mail} bean. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        @Primary
        RecordedMail recordedMail() {
            return new RecordedMail();
        }
    }
}
