package dev.bourse.engine.book;

import dev.bourse.engine.account.Account;
import dev.bourse.engine.instrument.Instrument;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;

/**
 * An open order: a node in its price level's queue and in its account's list of open orders. Orders are pooled and
 * reused once closed, so nothing may keep a reference to one past the command that closed it.
 */
public final class Order
{
    long orderId;
    Account account;
    Instrument instrument;
    Side side;
    OrderType type;
    TimeInForce timeInForce;
    StpMode stp;
    String clientOrderId;
    long price;
    long quantity;
    long filled;
    long locked;
    long createdNanos;

    PriceLevel level;
    Order prev;
    Order next;
    private Order accountPrev;
    private Order accountNext;

    /** Fills in a fresh order; quantities start unfilled and nothing locked. */
    public Order init(
        final long orderId, final Account account, final Instrument instrument, final Side side, final OrderType type,
        final TimeInForce timeInForce, final StpMode stp, final String clientOrderId, final long price,
        final long quantity, final long createdNanos)
    {
        this.orderId = orderId;
        this.account = account;
        this.instrument = instrument;
        this.side = side;
        this.type = type;
        this.timeInForce = timeInForce;
        this.stp = stp;
        this.clientOrderId = clientOrderId;
        this.price = price;
        this.quantity = quantity;
        this.filled = 0;
        this.locked = 0;
        this.createdNanos = createdNanos;
        return this;
    }

    void clear()
    {
        account = null;
        instrument = null;
        clientOrderId = null;
        level = null;
        prev = null;
        accountPrev = null;
        accountNext = null;
    }

    /** The order id. */
    public long orderId()
    {
        return orderId;
    }

    /** The owning account. */
    public Account account()
    {
        return account;
    }

    /** The instrument. */
    public Instrument instrument()
    {
        return instrument;
    }

    /** Buy or sell. */
    public Side side()
    {
        return side;
    }

    /** Limit or market. */
    public OrderType type()
    {
        return type;
    }

    /** Time in force. */
    public TimeInForce timeInForce()
    {
        return timeInForce;
    }

    /** Self-trade prevention mode in force for this order. */
    public StpMode stp()
    {
        return stp;
    }

    /** The client's id, or null. */
    public String clientOrderId()
    {
        return clientOrderId;
    }

    /** Limit price; for a market order, the band limit it may not trade beyond. */
    public long price()
    {
        return price;
    }

    /** Sets the price; only while the order is not in a book. */
    public void price(final long price)
    {
        this.price = price;
    }

    /** Total quantity, filled part included. */
    public long quantity()
    {
        return quantity;
    }

    /** Sets the total quantity; only while the order is not in a book. */
    public void quantity(final long quantity)
    {
        this.quantity = quantity;
    }

    /** Quantity filled so far. */
    public long filled()
    {
        return filled;
    }

    /** Quantity still open. */
    public long remaining()
    {
        return quantity - filled;
    }

    /** Records a fill; the caller adjusts the level through {@link BookSide#fill}. */
    public void addFill(final long fillQuantity)
    {
        filled += fillQuantity;
    }

    /** Amount held for this order, in the asset it spends. */
    public long locked()
    {
        return locked;
    }

    /** Sets the amount held for this order. */
    public void locked(final long locked)
    {
        this.locked = locked;
    }

    /** When the order was placed, from the command's timestamp. */
    public long createdNanos()
    {
        return createdNanos;
    }

    /** Whether the order rests in a book. */
    public boolean isResting()
    {
        return null != level;
    }

    /** The next order in the same price level, or null. */
    public Order nextInLevel()
    {
        return next;
    }

    /** The next open order of the same account, or null. */
    public Order accountNext()
    {
        return accountNext;
    }

    /** Links this order after {@code tail} in its account's list. */
    public void linkAfterInAccount(final Order tail)
    {
        accountPrev = tail;
        accountNext = null;
        if (null != tail)
        {
            tail.accountNext = this;
        }
    }

    /** Unlinks this order from its account's list and returns the new head if this was the head, else the head. */
    public Order unlinkFromAccount(final Order head)
    {
        final Order p = accountPrev;
        final Order n = accountNext;
        if (null != p)
        {
            p.accountNext = n;
        }
        if (null != n)
        {
            n.accountPrev = p;
        }
        accountPrev = null;
        accountNext = null;
        return head == this ? n : head;
    }

    /** The previous open order of the same account, or null. */
    public Order accountPrev()
    {
        return accountPrev;
    }
}
