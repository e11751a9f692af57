package dev.bourse.engine.book;

import dev.bourse.engine.event.EventSink;
import dev.bourse.engine.order.Side;

import java.util.Arrays;
import java.util.List;

/**
 * One side of a book: price levels in a sorted array with the best price at the end, so that the busy end of the book
 * is changed without shifting the rest. Also remembers which prices changed during the current command so that each
 * changed level is reported once, with its final aggregate, when the command ends.
 */
public final class BookSide
{
    private final int instrumentId;
    private final Side side;
    private final List<BookSide> dirtySides;
    private PriceLevel[] levels = new PriceLevel[64];
    private int size;
    private PriceLevel[] freeLevels = new PriceLevel[64];
    private int freeCount;

    private long[] touchedPrices = new long[8];
    private long[] quantitiesBefore = new long[8];
    private int[] countsBefore = new int[8];
    private int touchedCount;

    BookSide(final int instrumentId, final Side side, final List<BookSide> dirtySides)
    {
        this.instrumentId = instrumentId;
        this.side = side;
        this.dirtySides = dirtySides;
    }

    /** Which side this is. */
    public Side side()
    {
        return side;
    }

    /** Whether no order rests on this side. */
    public boolean isEmpty()
    {
        return size == 0;
    }

    /** The best level, or null. */
    public PriceLevel best()
    {
        return size == 0 ? null : levels[size - 1];
    }

    /** The best price, or 0 when empty. */
    public long bestPrice()
    {
        return size == 0 ? 0 : levels[size - 1].price;
    }

    /** Number of price levels. */
    public int levelCount()
    {
        return size;
    }

    /** The level {@code depth} steps from the best (0 is the best). */
    public PriceLevel levelFromBest(final int depth)
    {
        return levels[size - 1 - depth];
    }

    /** Whether {@code price} on this side is strictly better than {@code other}. */
    public boolean isBetter(final long price, final long other)
    {
        return side == Side.BUY ? price > other : price < other;
    }

    /** The level at exactly this price, or null. */
    public PriceLevel levelAt(final long price)
    {
        final int index = search(price);
        return index >= 0 ? levels[index] : null;
    }

    /** Puts an order at the back of the queue at its price. */
    public void add(final Order order)
    {
        int index = search(order.price);
        touch(order.price, index >= 0 ? levels[index] : null);
        if (index < 0)
        {
            index = -index - 1;
            insertLevel(index, order.price);
        }
        levels[index].append(order);
    }

    /** Takes an order out of the book. */
    public void remove(final Order order)
    {
        final PriceLevel level = order.level;
        touch(level.price, level);
        level.unlink(order);
        if (level.orderCount == 0)
        {
            removeLevel(level);
        }
    }

    /** Records a fill of a resting order; the caller removes it when nothing remains. */
    public void fill(final Order order, final long quantity)
    {
        touch(order.price, order.level);
        order.filled += quantity;
        order.level.totalQuantity -= quantity;
    }

    /** Lowers a resting order's total quantity in place, keeping its priority. */
    public void reduce(final Order order, final long newQuantity)
    {
        touch(order.price, order.level);
        order.level.totalQuantity -= order.quantity - newQuantity;
        order.quantity = newQuantity;
    }

    /** Reports every level changed since the last call, then forgets them. */
    public void emitChanges(final EventSink sink)
    {
        for (int i = 0; i < touchedCount; i++)
        {
            final long price = touchedPrices[i];
            final PriceLevel level = levelAt(price);
            final long quantity = null == level ? 0 : level.totalQuantity;
            final int count = null == level ? 0 : level.orderCount;
            if (quantity != quantitiesBefore[i] || count != countsBefore[i])
            {
                sink.onBookLevelChanged(instrumentId, side, price, quantity, count);
            }
        }
        touchedCount = 0;
    }

    /** Forgets changes that are not to be reported, as after loading a snapshot. */
    public void forgetChanges()
    {
        touchedCount = 0;
    }

    // Remembers the level's aggregate before the command first changes it; level is null when none exists yet.
    private void touch(final long price, final PriceLevel level)
    {
        for (int i = 0; i < touchedCount; i++)
        {
            if (touchedPrices[i] == price)
            {
                return;
            }
        }
        if (touchedCount == 0)
        {
            dirtySides.add(this);
        }
        if (touchedCount == touchedPrices.length)
        {
            touchedPrices = Arrays.copyOf(touchedPrices, touchedCount * 2);
            quantitiesBefore = Arrays.copyOf(quantitiesBefore, touchedCount * 2);
            countsBefore = Arrays.copyOf(countsBefore, touchedCount * 2);
        }
        touchedPrices[touchedCount] = price;
        quantitiesBefore[touchedCount] = null == level ? 0 : level.totalQuantity;
        countsBefore[touchedCount] = null == level ? 0 : level.orderCount;
        touchedCount++;
    }

    // Binary search over the array, which ascends toward the best price: ascending prices for bids, descending for
    // asks. Returns the index, or -(insertion point) - 1.
    private int search(final long price)
    {
        int low = 0;
        int high = size - 1;
        final boolean ascending = side == Side.BUY;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long midPrice = levels[mid].price;
            if (midPrice == price)
            {
                return mid;
            }
            if ((midPrice < price) == ascending)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return -(low + 1);
    }

    private void insertLevel(final int index, final long price)
    {
        if (size == levels.length)
        {
            levels = Arrays.copyOf(levels, size * 2);
        }
        System.arraycopy(levels, index, levels, index + 1, size - index);
        final PriceLevel level = freeCount > 0 ? freeLevels[--freeCount] : new PriceLevel();
        level.price = price;
        level.totalQuantity = 0;
        level.orderCount = 0;
        level.head = null;
        level.tail = null;
        levels[index] = level;
        size++;
    }

    private void removeLevel(final PriceLevel level)
    {
        final int index = search(level.price);
        System.arraycopy(levels, index + 1, levels, index, size - index - 1);
        levels[--size] = null;
        if (freeCount == freeLevels.length)
        {
            freeLevels = Arrays.copyOf(freeLevels, freeCount * 2);
        }
        freeLevels[freeCount++] = level;
    }
}
