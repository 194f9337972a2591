package dev.arena.identity;

/** Tells Arena's operators ({@code arena.tenancy.operator-emails}) from everyone else. */
public interface Operators {

    /** Whether the caller is a signed-in user whose verified address is an operator's; tokens never are. */
    boolean isOperator(ArenaPrincipal caller);
}
