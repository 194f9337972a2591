package dev.arena.chatops.discord;

import dev.arena.chatops.Caller;
import dev.arena.chatops.Command;
import dev.arena.chatops.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.ISnowflake;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

/**
 * The translation between Discord and the command layer, and nothing else: {@code /arena <subcommand>}
 * (or {@code /arena instance <start|extend|stop> challenge:<name>}) and a button's id become the words of a
 * {@link Command}; a {@link Reply} becomes a message with its fields as lines and its buttons in rows of five.
 */
final class DiscordMessages {

    static final String ROOT = "arena";
    static final int MAX_CONTENT = 2000;

    private DiscordMessages() {
    }

    /** The {@code /arena} command with its subcommands, as registered with Discord. */
    static SlashCommandData definition() {
        SubcommandData[] instance = List.of("start", "extend", "stop").stream()
                .map(a -> new SubcommandData(a, a + " your instance of a challenge")
                        .addOption(OptionType.STRING, "challenge", "the challenge's name", true))
                .toArray(SubcommandData[]::new);
        SubcommandData[] container = List.of("start", "stop", "restart", "logs").stream()
                .map(a -> new SubcommandData(a, a + " a managed container").addOption(OptionType.STRING, "container", "its name", true))
                .toArray(SubcommandData[]::new);
        return Commands.slash(ROOT, "Arena")
                .addSubcommands(new SubcommandData("status", "Arena's state in this project"),
                        new SubcommandData("link", "link your Arena account").addOption(OptionType.STRING, "code", "the code from the console", true),
                        new SubcommandData("containers", "the project's managed containers"),
                        new SubcommandData("queue", "the evaluation queue"),
                        new SubcommandData("threats", "recent threats"),
                        new SubcommandData("schedule", "scheduled actions"),
                        new SubcommandData("mech", "the community mech"))
                .addSubcommandGroups(new SubcommandGroupData("instance", "your challenge instance").addSubcommands(instance),
                        new SubcommandGroupData("container", "act on a managed container").addSubcommands(container));
    }

    /** The command a slash interaction asks for, if it is one of ours. */
    static Optional<Command> command(SlashCommandInteraction slash) {
        if (!ROOT.equals(slash.getName()) || slash.getSubcommandName() == null) {
            return Optional.empty();
        }
        String group = slash.getSubcommandGroup();
        String sub = slash.getSubcommandName();
        String words = group == null ? sub + option(slash, "code")
                : "container".equals(group) ? "containers " + sub + option(slash, "container")
                : group + " " + sub + option(slash, "challenge");
        return Command.parse(words);
    }

    private static String option(SlashCommandInteraction slash, String name) {
        OptionMapping option = slash.getOption(name);
        return option == null ? "" : " " + option.getAsString().strip().replaceAll("\\s+", "-");
    }

    /** Who is asking, from where, with which server roles. */
    static Caller caller(Interaction interaction) {
        Member member = interaction.getMember();
        List<String> roles = member == null ? List.of() : member.getRoles().stream().map(ISnowflake::getId).toList();
        return Caller.discord(interaction.getUser().getId(), interaction.getChannelId() == null ? "" : interaction.getChannelId(), roles);
    }

    /** A reply as a Discord message. */
    static MessageCreateData message(Reply reply) {
        StringBuilder text = new StringBuilder(reply.text());
        reply.fields().forEach(f -> text.append("\n**").append(f.name()).append("**: ").append(f.value()));
        String content = text.length() <= MAX_CONTENT ? text.toString() : text.substring(0, MAX_CONTENT - 1) + "…";
        List<ActionRow> rows = new ArrayList<>();
        List<Button> row = new ArrayList<>();
        for (Reply.Button b : reply.buttons().stream().limit(25).toList()) {
            row.add(b.dangerous() ? Button.danger(b.actionId(), b.label()) : Button.secondary(b.actionId(), b.label()));
            if (row.size() == 5) {
                rows.add(ActionRow.of(row));
                row = new ArrayList<>();
            }
        }
        if (!row.isEmpty()) {
            rows.add(ActionRow.of(row));
        }
        return new MessageCreateBuilder().setContent(content).addComponents(rows).build();
    }

    /** Whether the command's answer is for the caller only (links, instances, container actions). */
    static boolean personal(Command command) {
        return command instanceof Command.Link || command instanceof Command.Instance
                || command instanceof Command.Containers c && c.action() != null;
    }
}
