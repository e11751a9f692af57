package dev.bourse.engine.book;

/** All resting orders at one price on one side, in time priority, with their aggregate quantity. */
public final class PriceLevel
{
    long price;
    long totalQuantity;
    int orderCount;
    Order head;
    Order tail;

    /** The level's price. */
    public long price()
    {
        return price;
    }

    /** Sum of the remaining quantities of its orders. */
    public long totalQuantity()
    {
        return totalQuantity;
    }

    /** Number of orders resting here. */
    public int orderCount()
    {
        return orderCount;
    }

    /** The oldest order, first to trade. */
    public Order head()
    {
        return head;
    }

    void append(final Order order)
    {
        order.level = this;
        order.prev = tail;
        order.next = null;
        if (null == tail)
        {
            head = order;
        }
        else
        {
            tail.next = order;
        }
        tail = order;
        totalQuantity += order.remaining();
        orderCount++;
    }

    void unlink(final Order order)
    {
        final Order p = order.prev;
        final Order n = order.next;
        if (null == p)
        {
            head = n;
        }
        else
        {
            p.next = n;
        }
        if (null == n)
        {
            tail = p;
        }
        else
        {
            n.prev = p;
        }
        order.level = null;
        order.prev = null;
        order.next = null;
        totalQuantity -= order.remaining();
        orderCount--;
    }
}
