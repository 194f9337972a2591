package dev.arena.chatops.discord;

import dev.arena.chatops.ChatCommands;
import dev.arena.chatops.Command;
import dev.arena.chatops.Reply;
import java.util.Optional;
import java.util.concurrent.Executor;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers slash commands and button presses: acknowledges at once (Discord allows three seconds), runs the
 * command on {@code work} (a virtual thread each, so a slow engine never holds JDA's event thread) and
 * sends the reply as a follow-up.
 */
class DiscordListener extends ListenerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DiscordListener.class);

    private final ChatCommands commands;
    private final Executor work;

    DiscordListener(ChatCommands commands, Executor work) {
        this.commands = commands;
        this.work = work;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        answer(event, DiscordMessages.command(event));
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        answer(event, Command.parse(event.getComponentId()));
    }

    private void answer(IReplyCallback event, Optional<Command> command) {
        if (command.isEmpty()) {
            event.reply("Unknown command.").setEphemeral(true).queue();
            return;
        }
        event.deferReply(DiscordMessages.personal(command.get())).queue();
        work.execute(() -> {
            Reply reply;
            try {
                reply = commands.handle(DiscordMessages.caller(event), command.get());
            } catch (RuntimeException e) {
                log.warn("Chat-ops command {} failed", command.get().words(), e);
                reply = Reply.failed("Arena could not do that just now.");
            }
            event.getHook().sendMessage(DiscordMessages.message(reply)).queue();
        });
    }
}
