package dev.bourse.engine.book;

/** Reuses closed orders so that a warm engine places orders without allocating. */
public final class OrderPool
{
    private Order free;

    /** A cleared order, reused if one is free. */
    public Order acquire()
    {
        final Order order = free;
        if (null == order)
        {
            return new Order();
        }
        free = order.next;
        order.next = null;
        return order;
    }

    /** Returns a closed order; nothing may use it afterwards. */
    public void release(final Order order)
    {
        order.clear();
        order.next = free;
        free = order;
    }
}
