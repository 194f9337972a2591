package dev.arena.chatops.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.arena.chatops.Caller;
import dev.arena.chatops.Command;
import dev.arena.chatops.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The JDA adapter with JDA's interaction objects stubbed (Mockito): what {@link DiscordWireIntegrationTests}
 * does not pin over the wire — options and group names become commands, button styles and rows of five, long
 * replies cut, a failing command still answered. The command layer is a recording stand-in; commands run inline.
 */
class DiscordAdapterUnitTests {

    private final List<Caller> callers = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();
    private Reply answer = Reply.ok("done");
    private final DiscordListener listener = new DiscordListener((caller, command) -> {
        callers.add(caller);
        commands.add(command);
        return answer;
    }, Runnable::run);

    @Test
    void aSlashCommandBecomesACommandForTheCallerInTheirChannelWithTheirRoles() {
        SlashCommandInteractionEvent event = slash("instance", "start", "challenge", "web");
        answer = Reply.ok("Started.").withButtons(List.of(new Reply.Button("instance stop web", "Stop", true)));

        listener.onSlashCommandInteraction(event);

        assertThat(commands).containsExactly(new Command.Instance(Command.InstanceAction.START, "web"));
        assertThat(callers).containsExactly(Caller.discord("1001", "2002", List.of("3003", "3004")));
        verify(event).deferReply(true);
        MessageCreateData sent = sent(event.getHook());
        assertThat(sent.getContent()).isEqualTo("Started.");
        Button stop = sent.getComponents().getFirst().asActionRow().getButtons().getFirst();
        assertThat(stop.getCustomId()).isEqualTo("instance stop web");
        assertThat(stop.getStyle()).isEqualTo(ButtonStyle.DANGER);
    }

    @Test
    void readingCommandsAnswerInTheChannelAndActionsOnlyToTheCaller() {
        SlashCommandInteractionEvent status = slash(null, "status", null, null);
        SlashCommandInteractionEvent restart = slash("container", "restart", "container", "db");

        listener.onSlashCommandInteraction(status);
        listener.onSlashCommandInteraction(restart);

        assertThat(commands).containsExactly(new Command.Status(), new Command.Containers(Command.ContainerAction.RESTART, "db"));
        verify(status).deferReply(false);
        verify(restart).deferReply(true);
    }

    @Test
    void aButtonRunsTheCommandItsIdNames() {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class, RETURNS_DEEP_STUBS);
        when(event.getComponentId()).thenReturn("containers logs db");
        when(event.getUser().getId()).thenReturn("1001");
        when(event.getChannelId()).thenReturn("2002");
        when(event.getMember()).thenReturn(null);

        listener.onButtonInteraction(event);

        assertThat(commands).containsExactly(new Command.Containers(Command.ContainerAction.LOGS, "db"));
        assertThat(callers.getFirst().roleIds()).isEmpty();
    }

    @Test
    void anUnknownButtonIsAnsweredWithoutRunningAnything() {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class, RETURNS_DEEP_STUBS);
        when(event.getComponentId()).thenReturn("format disk");

        listener.onButtonInteraction(event);

        assertThat(commands).isEmpty();
        verify(event).reply("Unknown command.");
        verify(event, never()).deferReply(any(Boolean.class));
    }

    @Test
    void aFailingCommandStillGetsAnAnswer() {
        DiscordListener failing = new DiscordListener((caller, command) -> {
            throw new IllegalStateException("database down");
        }, Runnable::run);
        SlashCommandInteractionEvent event = slash(null, "mech", null, null);

        failing.onSlashCommandInteraction(event);

        assertThat(sent(event.getHook()).getContent()).contains("could not do that");
    }

    @Test
    void aReplyBecomesAMessageWithItsFieldsAndButtonsInRowsOfFive() {
        List<Reply.Button> buttons = IntStream.range(0, 7).mapToObj(i -> new Reply.Button("containers logs c" + i, "logs c" + i, false)).toList();
        Reply reply = Reply.ok("Containers:").withFields(List.of(new Reply.Field("db", "allows [logs]"))).withButtons(buttons);

        MessageCreateData message = DiscordMessages.message(reply);

        assertThat(message.getContent()).isEqualTo("Containers:\n**db**: allows [logs]");
        assertThat(message.getComponents()).hasSize(2);
        assertThat(message.getComponents().get(1).asActionRow().getButtons()).hasSize(2);
        assertThat(DiscordMessages.message(Reply.ok("x".repeat(3000))).getContent()).hasSize(DiscordMessages.MAX_CONTENT);
    }

    private static SlashCommandInteractionEvent slash(@Nullable String group, String sub, @Nullable String option, @Nullable String value) {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class, RETURNS_DEEP_STUBS);
        when(event.getName()).thenReturn("arena");
        when(event.getSubcommandGroup()).thenReturn(group);
        when(event.getSubcommandName()).thenReturn(sub);
        when(event.getOption(org.mockito.ArgumentMatchers.anyString())).thenReturn(null);
        if (option != null) {
            OptionMapping mapping = mock(OptionMapping.class);
            when(mapping.getAsString()).thenReturn(value);
            when(event.getOption(option)).thenReturn(mapping);
        }
        when(event.getUser().getId()).thenReturn("1001");
        when(event.getChannelId()).thenReturn("2002");
        Role a = mock(Role.class);
        Role b = mock(Role.class);
        when(a.getId()).thenReturn("3003");
        when(b.getId()).thenReturn("3004");
        when(event.getMember().getRoles()).thenReturn(List.of(a, b));
        return event;
    }

    private static MessageCreateData sent(net.dv8tion.jda.api.interactions.InteractionHook hook) {
        ArgumentCaptor<MessageCreateData> message = ArgumentCaptor.forClass(MessageCreateData.class);
        verify(hook).sendMessage(message.capture());
        return message.getValue();
    }
}
