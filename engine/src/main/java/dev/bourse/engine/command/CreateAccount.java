package dev.bourse.engine.command;

import dev.bourse.engine.order.StpMode;

import java.util.Objects;

/**
 * Opens an account with no balances.
 *
 * @param accountId  the new account's id, positive; 0 is the venue's fee account.
 * @param defaultStp self-trade prevention for this account's orders that do not name one.
 */
public record CreateAccount(long accountId, StpMode defaultStp) implements Command
{
    /** Checks that the mode is present. */
    public CreateAccount
    {
        Objects.requireNonNull(defaultStp, "defaultStp");
    }
}
