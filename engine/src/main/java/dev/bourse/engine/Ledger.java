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
    private long[] availableBefore = new long[16];
    private long[] lockedBefore = new long[16];
    private int changedCount;
    private long commandStamp;

    /** Starts tracking a new command. */
    void begin(final long sequence)
    {
        commandStamp = sequence;
    }

    void credit(final Account account, final int asset, final long amount)
    {
        touch(account, asset);
        account.credit(asset, amount);
    }

    void debit(final Account account, final int asset, final long amount)
    {
        touch(account, asset);
        account.debit(asset, amount);
    }

    void lock(final Account account, final int asset, final long amount)
    {
        if (amount != 0)
        {
            touch(account, asset);
            account.lock(asset, amount);
        }
    }

    void unlock(final Account account, final int asset, final long amount)
    {
        if (amount != 0)
        {
            touch(account, asset);
            account.unlock(asset, amount);
        }
    }

    void spendLocked(final Account account, final int asset, final long amount)
    {
        touch(account, asset);
        account.spendLocked(asset, amount);
    }

    /**
     * Reports every balance that differs from what it was before the command, in the order first touched (a lock
     * undone within the same command is not reported), and forgets them.
     */
    void emitChanges(final EventSink sink)
    {
        for (int i = 0; i < changedCount; i++)
        {
            final Account account = changedAccounts[i];
            final int asset = changedAssets[i];
            final long available = account.available(asset);
            final long locked = account.locked(asset);
            if (available != availableBefore[i] || locked != lockedBefore[i])
            {
                sink.onBalanceChanged(account.id(), asset, available, locked);
            }
            changedAccounts[i] = null;
        }
        changedCount = 0;
    }

    // Remembers a balance as it was before the command first touches it.
    private void touch(final Account account, final int asset)
    {
        if (account.markChanged(asset, commandStamp))
        {
            if (changedCount == changedAccounts.length)
            {
                final int size = changedCount * 2;
                changedAccounts = Arrays.copyOf(changedAccounts, size);
                changedAssets = Arrays.copyOf(changedAssets, size);
                availableBefore = Arrays.copyOf(availableBefore, size);
                lockedBefore = Arrays.copyOf(lockedBefore, size);
            }
            changedAccounts[changedCount] = account;
            changedAssets[changedCount] = asset;
            availableBefore[changedCount] = account.available(asset);
            lockedBefore[changedCount] = account.locked(asset);
            changedCount++;
        }
    }
}
