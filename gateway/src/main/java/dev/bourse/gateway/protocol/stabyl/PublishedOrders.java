package dev.bourse.gateway.protocol.stabyl;

import it.unimi.dsi.fastutil.HashCommon;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The kept orders by id, each as the last command left it: written by the publisher thread alone, read by any thread
 * without a lock. Ids and records sit in two arrays (open addressing, linear probing), so an order costs no map node
 * and no boxed id: a busy venue keeps hundreds of thousands for seconds, and the young collections copied each of
 * those objects one by one.
 */
final class PublishedOrders
{
    // Order ids are engine sequence numbers, so 0 is never one.
    private static final long EMPTY = 0;
    private static final long REMOVED = -1;
    private static final VarHandle IDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle RECORDS = MethodHandles.arrayElementVarHandle(OrderRecord[].class);
    private static final int MIN_CAPACITY = 64;

    /** One generation of the arrays; the writer stops writing to it once it has published the next. */
    private record Table(long[] ids, OrderRecord[] records)
    {
        static Table ofCapacity(final int capacity)
        {
            return new Table(new long[capacity], new OrderRecord[capacity]);
        }

        int mask()
        {
            return ids.length - 1;
        }
    }

    private volatile Table table = Table.ofCapacity(MIN_CAPACITY);
    // The writer's alone.
    private int size;
    private int removed;

    /** The order's published record, or null; any thread. */
    OrderRecord get(final long orderId)
    {
        final Table t = table;
        final int mask = t.mask();
        for (int i = slot(orderId, mask); ; i = (i + 1) & mask)
        {
            final long id = (long)IDS.getAcquire(t.ids(), i);
            if (id == orderId)
            {
                final OrderRecord o = (OrderRecord)RECORDS.getAcquire(t.records(), i);
                // Another order's once the slot was freed and taken again since the id was read: this one is gone.
                return null != o && o.id == orderId ? o : null;
            }
            if (EMPTY == id)
            {
                return null;
            }
        }
    }

    /** Publishes the record as its order's current one; whether the order was new. The publisher thread only. */
    boolean put(final OrderRecord record)
    {
        final Table t = table;
        final int mask = t.mask();
        int free = -1;
        int i = slot(record.id, mask);
        for (long id; EMPTY != (id = t.ids()[i]); i = (i + 1) & mask)
        {
            if (id == record.id)
            {
                RECORDS.setRelease(t.records(), i, record);
                return false;
            }
            if (REMOVED == id && free < 0)
            {
                free = i;
            }
        }
        if (free >= 0)
        {
            removed--;
            i = free;
        }
        // The record before the id: a reader who finds the id finds its record.
        RECORDS.setRelease(t.records(), i, record);
        IDS.setRelease(t.ids(), i, record.id);
        size++;
        if (2 * (size + removed) > t.ids().length)
        {
            rehash(t);
        }
        return true;
    }

    /** Lets the order go. The publisher thread only. */
    void remove(final long orderId)
    {
        final Table t = table;
        final int mask = t.mask();
        for (int i = slot(orderId, mask); ; i = (i + 1) & mask)
        {
            final long id = t.ids()[i];
            if (id == orderId)
            {
                RECORDS.setRelease(t.records(), i, null);
                IDS.setRelease(t.ids(), i, REMOVED);
                size--;
                removed++;
                return;
            }
            if (EMPTY == id)
            {
                return;
            }
        }
    }

    /** Lets every order go. The publisher thread only. */
    void clear()
    {
        table = Table.ofCapacity(MIN_CAPACITY);
        size = 0;
        removed = 0;
    }

    // Into fresh arrays, twice as large as the live orders need at most: readers still in the old ones read on there.
    private void rehash(final Table old)
    {
        int capacity = MIN_CAPACITY;
        while (capacity < 4L * size)
        {
            capacity <<= 1;
        }
        final Table t = Table.ofCapacity(capacity);
        final int mask = t.mask();
        for (int k = 0; k < old.ids().length; k++)
        {
            final long id = old.ids()[k];
            if (EMPTY != id && REMOVED != id)
            {
                int i = slot(id, mask);
                while (EMPTY != t.ids()[i])
                {
                    i = (i + 1) & mask;
                }
                t.ids()[i] = id;
                t.records()[i] = old.records()[k];
            }
        }
        removed = 0;
        // The volatile write publishes the arrays filled above.
        table = t;
    }

    // Ids are consecutive sequence numbers: mixed, so that runs of them do not fill runs of slots.
    private static int slot(final long orderId, final int mask)
    {
        return (int)HashCommon.mix(orderId) & mask;
    }
}
