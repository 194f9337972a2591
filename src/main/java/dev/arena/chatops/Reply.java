package dev.arena.chatops;

import java.util.List;

/**
 * What a command answers, independent of Discord or HTML: a line of text, named fields, and buttons whose
 * action ids are the words of the command each runs ({@link Command#parse}).
 *
 * @param outcome  whether the command did what was asked, was refused for lack of permission, or failed
 * @param personal whether only the caller should see it (Discord: ephemeral)
 */
public record Reply(Outcome outcome, String text, List<Field> fields, List<Button> buttons, boolean personal) {

    public enum Outcome { OK, DENIED, REFUSED, FAILED }

    public record Field(String name, String value) {
    }

    public record Button(String actionId, String label, boolean dangerous) {
    }

    public Reply {
        fields = List.copyOf(fields);
        buttons = List.copyOf(buttons);
    }

    public static Reply ok(String text) {
        return new Reply(Outcome.OK, text, List.of(), List.of(), false);
    }

    /** Refused for lack of permission (or an unlinked account, or an unmapped channel); shown only to the caller. */
    public static Reply denied(String text) {
        return new Reply(Outcome.DENIED, text, List.of(), List.of(), true);
    }

    /** Refused by a rule of the data (a closed challenge, a cooldown, ...); shown only to the caller. */
    public static Reply refused(String text) {
        return new Reply(Outcome.REFUSED, text, List.of(), List.of(), true);
    }

    public static Reply failed(String text) {
        return new Reply(Outcome.FAILED, text, List.of(), List.of(), true);
    }

    public Reply withFields(List<Field> more) {
        return new Reply(outcome, text, more, buttons, personal);
    }

    public Reply withButtons(List<Button> more) {
        return new Reply(outcome, text, fields, more, personal);
    }

    public Reply onlyForCaller() {
        return new Reply(outcome, text, fields, buttons, true);
    }
}
