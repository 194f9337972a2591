package dev.arena.chatops;

/**
 * The command layer Discord and the console share: one permission model, one audit log, per-user
 * cooldowns. It never throws for a refusal: the reply says why.
 */
public interface ChatCommands {

    /** Runs a command for a caller and answers it. */
    Reply handle(Caller caller, Command command);
}
