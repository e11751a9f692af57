package dev.bourse.gateway.market;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One market's candles of one interval, built from trades in engine time: the open candle and the latest closed
 * ones. Intervals without a trade have no candle. The publisher thread writes; readers get copies.
 */
public final class CandleSeries
{
    /** Closed candles kept: a day of minutes, which is also what the 24 h ticker needs. */
    public static final int KEPT = 1440;

    /** One candle; {@code quoteVolume} is the exact sum of price x quantity in raw units (both scales). */
    public record Candle(
        long openTime, long open, long high, long low, long close, long volume, BigInteger quoteVolume,
        boolean closed)
    {
        Candle with(final long price, final long quantity)
        {
            return new Candle(openTime, open, Math.max(high, price), Math.min(low, price), price, volume + quantity,
                quoteVolume.add(BigInteger.valueOf(price).multiply(BigInteger.valueOf(quantity))), false);
        }
    }

    /** Open, high, low, volume and quote volume over a window; {@code open} is -1 when no trade fell in it. */
    public record Window(long open, long high, long low, long volume, BigInteger quoteVolume)
    {
        static final Window EMPTY = new Window(-1, -1, -1, 0, BigInteger.ZERO);

        Window plus(final Candle c)
        {
            return -1 == open
                ? new Window(c.open(), c.high(), c.low(), c.volume(), c.quoteVolume())
                : new Window(open, Math.max(high, c.high()), Math.min(low, c.low()), volume + c.volume(),
                    quoteVolume.add(c.quoteVolume()));
        }
    }

    private final CandleInterval interval;
    private final ArrayDeque<Candle> closed = new ArrayDeque<>();
    private Candle current;
    // The closed part of the last window asked for, reused until a candle closes or the window moves.
    private long cachedFrom = Long.MIN_VALUE;
    private Window cachedClosed;

    /** An empty series. */
    public CandleSeries(final CandleInterval interval)
    {
        this.interval = interval;
    }

    /** When the open candle closes, or {@link Long#MAX_VALUE} when there is none. */
    public synchronized long closesAt()
    {
        return null == current ? Long.MAX_VALUE : current.openTime() + interval.nanos();
    }

    /** Closes the open candle if {@code timestampNanos} is past its interval; returns it closed, or null. */
    public synchronized Candle closeIfDue(final long timestampNanos)
    {
        if (null == current || timestampNanos < current.openTime() + interval.nanos())
        {
            return null;
        }
        final Candle c = current;
        final Candle done = new Candle(c.openTime(), c.open(), c.high(), c.low(), c.close(), c.volume(),
            c.quoteVolume(), true);
        closed.addLast(done);
        if (closed.size() > KEPT)
        {
            closed.removeFirst();
        }
        current = null;
        cachedFrom = Long.MIN_VALUE;
        return done;
    }

    /** Adds a trade to the open candle, opening one if needed; call {@link #closeIfDue} first. */
    public synchronized Candle trade(final long timestampNanos, final long price, final long quantity)
    {
        current = null == current
            ? new Candle(interval.openTime(timestampNanos), price, price, price, price, quantity,
                BigInteger.valueOf(price).multiply(BigInteger.valueOf(quantity)), false)
            : current.with(price, quantity);
        return current;
    }

    /** The latest candles, oldest first, the open one last; at most {@code limit}. */
    public synchronized List<Candle> latest(final int limit)
    {
        final List<Candle> out = new ArrayList<>(Math.min(limit, closed.size() + 1));
        if (null != current && limit > 0)
        {
            out.add(current);
        }
        for (final Iterator<Candle> it = closed.descendingIterator(); it.hasNext() && out.size() < limit; )
        {
            out.add(it.next());
        }
        return out.reversed();
    }

    /** The aggregate of every candle opened at or after {@code fromOpenTime}, the open one included. */
    public synchronized Window window(final long fromOpenTime)
    {
        if (fromOpenTime != cachedFrom)
        {
            Window w = Window.EMPTY;
            for (final Candle c : closed)
            {
                if (c.openTime() >= fromOpenTime)
                {
                    w = w.plus(c);
                }
            }
            cachedClosed = w;
            cachedFrom = fromOpenTime;
        }
        return null == current || current.openTime() < fromOpenTime ? cachedClosed : cachedClosed.plus(current);
    }

    /** Writes the candles, for a snapshot. */
    public synchronized void writeState(final DataOutput out) throws IOException
    {
        out.writeInt(closed.size());
        for (final Candle c : closed)
        {
            write(out, c);
        }
        out.writeBoolean(null != current);
        if (null != current)
        {
            write(out, current);
        }
    }

    /** Replaces the candles with what {@link #writeState} wrote. */
    public synchronized void readState(final DataInput in) throws IOException
    {
        closed.clear();
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            closed.addLast(read(in));
        }
        current = in.readBoolean() ? read(in) : null;
        cachedFrom = Long.MIN_VALUE;
    }

    private static void write(final DataOutput out, final Candle c) throws IOException
    {
        out.writeLong(c.openTime());
        out.writeLong(c.open());
        out.writeLong(c.high());
        out.writeLong(c.low());
        out.writeLong(c.close());
        out.writeLong(c.volume());
        final byte[] quote = c.quoteVolume().toByteArray();
        out.writeShort(quote.length);
        out.write(quote);
        out.writeBoolean(c.closed());
    }

    private static Candle read(final DataInput in) throws IOException
    {
        final long openTime = in.readLong();
        final long open = in.readLong();
        final long high = in.readLong();
        final long low = in.readLong();
        final long close = in.readLong();
        final long volume = in.readLong();
        final byte[] quote = new byte[in.readUnsignedShort()];
        in.readFully(quote);
        return new Candle(openTime, open, high, low, close, volume, new BigInteger(quote), in.readBoolean());
    }
}
