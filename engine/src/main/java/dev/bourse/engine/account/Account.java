package dev.bourse.engine.account;

import dev.bourse.engine.book.Order;
import dev.bourse.engine.order.StpMode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An account: a balance per asset split into available and locked, its open orders (oldest first) and the client
 * order ids in use. The engine keeps locked equal to the sum of its open orders' holds.
 */
public final class Account
{
    private final long id;
    private final StpMode defaultStp;
    private long[] available;
    private long[] locked;
    private long[] changeStamps;
    // Clients choose these ids, and can choose thousands that share a String.hashCode: the JDK's map keeps a bucket
    // that collides a lot as a tree ordered by the strings themselves, so a lookup stays logarithmic, and it reuses
    // the hash each String keeps (a keyed hash would be computed again for every lookup, insertion and removal).
    private final Map<String, Order> ordersByClientId = new HashMap<>();
    private Order firstOpenOrder;
    private Order lastOpenOrder;
    private int openOrderCount;

    /**
     * An account with zero balances.
     *
     * @param id         the account id.
     * @param defaultStp self-trade prevention for orders that do not name one.
     * @param assetCount how many assets exist now.
     */
    public Account(final long id, final StpMode defaultStp, final int assetCount)
    {
        this.id = id;
        this.defaultStp = defaultStp;
        available = new long[assetCount];
        locked = new long[assetCount];
        changeStamps = new long[assetCount];
        Arrays.fill(changeStamps, -1);
    }

    /** The account id. */
    public long id()
    {
        return id;
    }

    /** Self-trade prevention for orders that do not name one. */
    public StpMode defaultStp()
    {
        return defaultStp;
    }

    /** Makes room for balances in assets registered after this account was opened. */
    public void ensureAssets(final int assetCount)
    {
        if (available.length < assetCount)
        {
            final int old = available.length;
            available = Arrays.copyOf(available, assetCount);
            locked = Arrays.copyOf(locked, assetCount);
            changeStamps = Arrays.copyOf(changeStamps, assetCount);
            Arrays.fill(changeStamps, old, assetCount, -1);
        }
    }

    /** Sets a balance as read from a snapshot. */
    public void restoreBalance(final int asset, final long available, final long locked)
    {
        this.available[asset] = available;
        this.locked[asset] = locked;
    }

    /** Balance free to spend or withdraw. */
    public long available(final int asset)
    {
        return available[asset];
    }

    /** Balance held for open orders. */
    public long locked(final int asset)
    {
        return locked[asset];
    }

    /** Adds to the available balance. */
    public void credit(final int asset, final long amount)
    {
        available[asset] += amount;
    }

    /** Takes from the available balance; the caller checked it suffices. */
    public void debit(final int asset, final long amount)
    {
        available[asset] -= amount;
    }

    /** Moves an amount from available to locked; the caller checked it suffices. */
    public void lock(final int asset, final long amount)
    {
        available[asset] -= amount;
        locked[asset] += amount;
    }

    /** Moves an amount from locked back to available. */
    public void unlock(final int asset, final long amount)
    {
        locked[asset] -= amount;
        available[asset] += amount;
    }

    /** Spends locked funds, which leave the account. */
    public void spendLocked(final int asset, final long amount)
    {
        locked[asset] -= amount;
    }

    /**
     * Marks a balance as changed by the command with this stamp; true the first time for that command, so that each
     * changed balance is reported once.
     */
    public boolean markChanged(final int asset, final long commandStamp)
    {
        if (changeStamps[asset] == commandStamp)
        {
            return false;
        }
        changeStamps[asset] = commandStamp;
        return true;
    }

    /** The open order with this client order id, or null. */
    public Order orderByClientId(final String clientOrderId)
    {
        return ordersByClientId.get(clientOrderId);
    }

    /** The oldest open order, or null; follow {@link Order#accountNext()}. */
    public Order firstOpenOrder()
    {
        return firstOpenOrder;
    }

    /** Number of open orders. */
    public int openOrderCount()
    {
        return openOrderCount;
    }

    /** Adds a newly accepted order. */
    public void addOpenOrder(final Order order)
    {
        order.linkAfterInAccount(lastOpenOrder);
        if (null == firstOpenOrder)
        {
            firstOpenOrder = order;
        }
        lastOpenOrder = order;
        openOrderCount++;
        if (null != order.clientOrderId())
        {
            ordersByClientId.put(order.clientOrderId(), order);
        }
    }

    /** Removes an order that closed. */
    public void removeOpenOrder(final Order order)
    {
        if (lastOpenOrder == order)
        {
            lastOpenOrder = order.accountPrev();
        }
        firstOpenOrder = order.unlinkFromAccount(firstOpenOrder);
        openOrderCount--;
        if (null != order.clientOrderId())
        {
            ordersByClientId.remove(order.clientOrderId());
        }
    }
}
