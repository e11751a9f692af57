package dev.bourse.gateway.stream;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The latest encoded items of a kind (trades of a market, fills of an account) for REST reads, bounded: the oldest
 * is dropped when a new one comes past the capacity. One writer, any number of readers.
 */
public final class History
{
    /** One item: a key to filter on (an order id, a pair) and its encoded JSON. */
    public record Item(long key, String tag, byte[] json)
    {
    }

    private final int capacity;
    private final ArrayDeque<Item> items = new ArrayDeque<>();

    /** An empty history keeping at most {@code capacity} items. */
    public History(final int capacity)
    {
        this.capacity = capacity;
    }

    /** Adds the newest item. */
    public synchronized void add(final Item item)
    {
        items.addLast(item);
        if (items.size() > capacity)
        {
            items.removeFirst();
        }
    }

    /** Up to {@code limit} items matching, newest first. */
    public synchronized List<Item> newest(final int limit, final Predicate<Item> matching)
    {
        final List<Item> out = new ArrayList<>();
        for (final Iterator<Item> it = items.descendingIterator(); it.hasNext() && out.size() < limit; )
        {
            final Item item = it.next();
            if (matching.test(item))
            {
                out.add(item);
            }
        }
        return out;
    }

    /** Writes the items, oldest first, for a snapshot. */
    public synchronized void writeState(final DataOutput out) throws IOException
    {
        out.writeInt(items.size());
        for (final Item item : items)
        {
            out.writeLong(item.key());
            out.writeUTF(item.tag());
            out.writeInt(item.json().length);
            out.write(item.json());
        }
    }

    /** Replaces the items with what {@link #writeState} wrote. */
    public synchronized void readState(final DataInput in) throws IOException
    {
        items.clear();
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            final long key = in.readLong();
            final String tag = in.readUTF();
            final byte[] json = new byte[in.readInt()];
            in.readFully(json);
            add(new Item(key, tag, json));
        }
    }
}
