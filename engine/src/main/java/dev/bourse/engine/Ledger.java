package dev.bourse.engine;

import dev.bourse.engine.account.Account;
import dev.bourse.engine.event.EventSink;

import java.util.Arrays;

/**
 * Moves balances and remembers which (account, asset) balances a command changed, so that each is reported once, with
 * its final value, when the command ends.
 */
final class Ledger
{
    private Account[] changedAccounts = new Account[16];
    private int[] changedAssets = new int[16];
    private int changedCount;
    private long commandStamp;

    /** Starts tracking a new command. */
    void begin(final long sequence)
    {
        commandStamp = sequence;
    }

    void credit(final Account account, final int asset, final long amount)
    {
        account.credit(asset, amount);
        changed(account, asset);
    }

    void debit(final Account account, final int asset, final long amount)
    {
        account.debit(asset, amount);
        changed(account, asset);
    }

    void lock(final Account account, final int asset, final long amount)
    {
        if (amount != 0)
        {
            account.lock(asset, amount);
            changed(account, asset);
        }
    }

    void unlock(final Account account, final int asset, final long amount)
    {
        if (amount != 0)
        {
            account.unlock(asset, amount);
            changed(account, asset);
        }
    }

    void spendLocked(final Account account, final int asset, final long amount)
    {
        account.spendLocked(asset, amount);
        changed(account, asset);
    }

    /** Reports every changed balance, in the order first changed, and forgets them. */
    void emitChanges(final EventSink sink)
    {
        for (int i = 0; i < changedCount; i++)
        {
            final Account account = changedAccounts[i];
            final int asset = changedAssets[i];
            sink.onBalanceChanged(account.id(), asset, account.available(asset), account.locked(asset));
            changedAccounts[i] = null;
        }
        changedCount = 0;
    }

    private void changed(final Account account, final int asset)
    {
        if (account.markChanged(asset, commandStamp))
        {
            if (changedCount == changedAccounts.length)
            {
                changedAccounts = Arrays.copyOf(changedAccounts, changedCount * 2);
                changedAssets = Arrays.copyOf(changedAssets, changedCount * 2);
            }
            changedAccounts[changedCount] = account;
            changedAssets[changedCount] = asset;
            changedCount++;
        }
    }
}
