package dev.arena.identity.security;

/**
 * The check Spring Security's {@code StrictHttpFirewall} makes of every header name and value a request is
 * asked for — no unassigned code point, no control character (a tab allowed in values) — without its regular
 * expression, which cost ~3 % of the CPU of {@code GET /v1/users/me} (JFR): printable ASCII, nearly every
 * header character, is accepted in one comparison. {@code PrintableTextUnitTests} holds it to the expression.
 */
final class PrintableText {

    private PrintableText() {
    }

    /** A header name: every code point assigned and none a control character. */
    static boolean name(String text) {
        return printable(text, false);
    }

    /** A header value: as a name, but tabs are allowed. */
    static boolean value(String text) {
        return printable(text, true);
    }

    private static boolean printable(String text, boolean tabs) {
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if ((c >= 0x20 && c < 0x7f) || (tabs && c == '\t')) {
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
