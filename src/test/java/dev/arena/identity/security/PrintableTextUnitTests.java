package dev.arena.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link PrintableText} answers what Spring Security's own expressions answer, for any text. */
class PrintableTextUnitTests {

    /** StrictHttpFirewall's defaults for header names and for header values (spring-security-web 7.1). */
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void agreesWithTheFirewallsExpressionsOnChosenTexts() {
        String[] texts = {"", "Authorization", "Bearer abc.def", "a\tb", "\t", "x\u0000", "\u007f", "\u0085", "caf\u00e9",
                "\u0378", "\ud83d\ude00", "\ud83d", "\ude00x", "\u00a0", "\u200b", "\ufffe", "\uffff", "a\r\nb", "\u001f"};
        for (String text : texts) {
            assertThat(PrintableText.name(text)).as("name %s", escaped(text)).isEqualTo(NAMES.matcher(text).matches());
            assertThat(PrintableText.value(text)).as("value %s", escaped(text)).isEqualTo(VALUES.matcher(text).matches());
        }
    }

    @Test
    void agreesWithTheFirewallsExpressionsOnRandomTexts() {
        Random random = new Random(4_2424);
        int accepted = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(6);
            for (int i = 0; i < length; i++) {
                // mostly printable ASCII, then controls, then anything in the BMP and beyond (unassigned, surrogates)
                int kind = random.nextInt(10);
                int codePoint = kind < 6 ? 0x20 + random.nextInt(0x5f) : kind < 8 ? random.nextInt(0xa0) : random.nextInt(0x30000);
                if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                    text.append((char) codePoint);
                } else {
                    text.appendCodePoint(codePoint);
                }
            }
            String s = text.toString();
            boolean name = NAMES.matcher(s).matches();
            assertThat(PrintableText.name(s)).as("name %s", escaped(s)).isEqualTo(name);
            assertThat(PrintableText.value(s)).as("value %s", escaped(s)).isEqualTo(VALUES.matcher(s).matches());
            accepted += name ? 1 : 0;
        }
        assertThat(accepted).as("both answers occur").isBetween(1_000, 199_000);
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.toString();
    }
}
