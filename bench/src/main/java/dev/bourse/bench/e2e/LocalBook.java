package dev.bourse.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Iterator;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * A subscriber's own copy of one order book, built from the snapshot and the deltas it received, and the Stabyl
 * checksum of it: CRC-32 of the best 25 asks ascending, '#', the best 25 bids descending, each level
 * "price:quantity" as sent, joined by '|'.
 */
final class LocalBook
{
    private static final int CHECKSUM_LEVELS = 25;
    private static final byte[] LEVEL_SEPARATOR = {'|'};
    private static final byte[] SIDE_SEPARATOR = {'#'};

    // Keyed by the price's digits: every price of an instrument has the same scale, so they order as numbers.
    private final TreeMap<Long, byte[]> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Long, byte[]> asks = new TreeMap<>();
    private final CRC32 crc = new CRC32();

    /** Replaces the book with a snapshot. */
    void reset(final Message snapshot)
    {
        bids.clear();
        asks.clear();
        apply(snapshot);
    }

    /** Applies a delta: a level with quantity zero is removed, any other is set. */
    void apply(final Message delta)
    {
        apply(bids, delta.bids);
        apply(asks, delta.asks);
    }

    long checksum()
    {
        crc.reset();
        update(asks);
        crc.update(SIDE_SEPARATOR);
        update(bids);
        return crc.getValue();
    }

    int levels()
    {
        return bids.size() + asks.size();
    }

    private void update(final TreeMap<Long, byte[]> side)
    {
        int count = 0;
        for (final Iterator<byte[]> it = side.values().iterator(); it.hasNext() && count < CHECKSUM_LEVELS; count++)
        {
            if (count > 0)
            {
                crc.update(LEVEL_SEPARATOR);
            }
            crc.update(it.next());
        }
    }

    private static void apply(final TreeMap<Long, byte[]> side, final Message.Levels levels)
    {
        for (int i = 0; i < levels.size(); i++)
        {
            final String price = levels.price(i);
            final String quantity = levels.quantity(i);
            final long key = digits(price);
            if (0 == digits(quantity))
            {
                side.remove(key);
            }
            else
            {
                side.put(key, (price + ':' + quantity).getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    private static long digits(final String decimal)
    {
        long value = 0;
        for (int i = 0; i < decimal.length(); i++)
        {
            final char c = decimal.charAt(i);
            if (c >= '0' && c <= '9')
            {
                value = value * 10 + (c - '0');
            }
            else if (c != '.')
            {
                throw new IllegalStateException("not a decimal: " + decimal);
            }
        }
        return value;
    }
}
