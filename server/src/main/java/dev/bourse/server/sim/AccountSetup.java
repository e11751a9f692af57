package dev.bourse.server.sim;

import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.order.StpMode;
import dev.bourse.journal.sequencer.Sequencer;
import dev.bourse.server.Commands;

import java.util.Collection;

/**
 * Opens the simulator's accounts through the sequencer and funds each one the first time it is opened. An account
 * that already exists is kept as it is: the demo restarts on the same data directory, and funding it again would
 * pile deposits up towards the asset's supply limit.
 */
final class AccountSetup
{
    private AccountSetup()
    {
    }

    /**
     * Opens and funds the accounts, waiting for each answer.
     *
     * @param sequencer  a running sequencer.
     * @param accountIds the accounts to open.
     * @param assets     asset codes to deposit into a new account.
     * @param deposit    the amount of each deposit, in units of each asset's scale.
     * @throws IllegalStateException when the engine refuses a command for a reason other than an existing account,
     *                               or the sequencer fails or does not answer in time.
     */
    static void run(
        final Sequencer sequencer, final long[] accountIds, final Collection<String> assets, final long deposit)
        throws InterruptedException
    {
        for (final long accountId : accountIds)
        {
            final CreateAccount create = new CreateAccount(accountId, StpMode.EXPIRE_TAKER);
            final EngineEvent.CommandResult created = Commands.await(sequencer, create);
            if (created.reason() == RejectReason.ACCOUNT_EXISTS)
            {
                // Funded when it was opened.
                continue;
            }
            final String context = "simulator account set-up, account " + accountId;
            Commands.requireAccepted(created, create, context);
            for (final String asset : assets)
            {
                Commands.accept(sequencer, new Deposit(accountId, asset, deposit, null), context);
            }
        }
    }
}
