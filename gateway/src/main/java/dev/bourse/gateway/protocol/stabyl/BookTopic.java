package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.gateway.json.Decimals;
import dev.bourse.gateway.json.Json;
import dev.bourse.gateway.json.Timestamps;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.stream.Subscriber;
import dev.bourse.gateway.stream.Topic;
import tools.jackson.core.JsonGenerator;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The {@code orderbook.{PAIR}} topic: a mirror of one book's levels built from the engine's level events, so that a
 * snapshot taken under the topic's lock is exactly the book after the delta of the same {@code seq}.
 */
final class BookTopic extends Topic
{
    private static final int CHECKSUM_LEVELS = 25;
    private static final byte[] LEVEL_SEPARATOR = {'|'};
    private static final byte[] SIDE_SEPARATOR = {'#'};

    private final Market market;
    // Price -> level. Each level keeps its "price:quantity" checksum text, made once when the level changes: the
    // checksum of every delta reads the best 25 levels of each side, and formatting them anew at every delta was a
    // fifth of the time spent publishing events.
    private final TreeMap<Long, Level> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, Level> asks = new TreeMap<>();
    private final CRC32 crc = new CRC32();
    private byte[] checksumText = new byte[2048];
    private int checksumLength;
    private long lastTimestamp;
    // The checksum of the book as it stands, and the worst price of each side it covers (the 25th level; the side's
    // far end when it has fewer): a change beyond that cannot alter the best 25 levels, so the checksum stands. Most
    // changes of a deep book are there, and a checksum costs 50 levels of CRC.
    private long checksum;
    private boolean checksumStale = true;
    private long bidsCovered = Long.MIN_VALUE;
    private long asksCovered = Long.MAX_VALUE;

    BookTopic(final Market market, final int ringCapacity)
    {
        super("orderbook." + market.topicKey(), ringCapacity);
        this.market = market;
    }

    /** Applies one command's level changes and publishes them as one delta. */
    synchronized void update(
        final List<long[]> bidChanges, final List<long[]> askChanges, final String epoch, final long timestamp)
    {
        apply(bids, bidChanges, true);
        apply(asks, askChanges, false);
        lastTimestamp = timestamp;
        final long sum = checksum();
        publish(seq -> StabylFrames.data(name(), epoch, seq, timestamp, g ->
            writeBook(g, bidChanges, askChanges, seq, sum)));
    }

    /** The best price of a side, or -1 when it is empty. */
    synchronized long best(final boolean bid)
    {
        final TreeMap<Long, Level> side = bid ? bids : asks;
        return side.isEmpty() ? -1 : side.firstKey();
    }

    /** Adds the subscriber and returns the snapshot of the book as of the last delta it will not receive. */
    synchronized byte[] subscribeWithSnapshot(final Subscriber subscriber)
    {
        subscribe(subscriber);
        return snapshot();
    }

    /** The snapshot object {@code {topic, seq, ts, data}} of the subscribed message, as JSON bytes. */
    private byte[] snapshot()
    {
        final long seq = seq();
        final long sum = checksum();
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("topic", name());
            g.writeNumberProperty("seq", seq);
            g.writeStringProperty("ts", Timestamps.format(lastTimestamp));
            g.writeName("data");
            writeBook(g, levels(bids), levels(asks), seq, sum);
            g.writeEndObject();
        });
    }

    /** The REST snapshot body: the book, plus epoch and seq. */
    synchronized byte[] restSnapshot(final String epoch)
    {
        final long seq = seq();
        final long sum = checksum();
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("status", "success");
            g.writeName("data");
            g.writeStartObject();
            writeBookFields(g, levels(bids), levels(asks), seq, sum);
            g.writeStringProperty("epoch", epoch);
            g.writeNumberProperty("seq", seq);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private void writeBook(
        final JsonGenerator g, final List<long[]> bidLevels, final List<long[]> askLevels, final long seq,
        final long checksum)
    {
        g.writeStartObject();
        writeBookFields(g, bidLevels, askLevels, seq, checksum);
        g.writeEndObject();
    }

    private void writeBookFields(
        final JsonGenerator g, final List<long[]> bidLevels, final List<long[]> askLevels, final long seq,
        final long checksum)
    {
        g.writeStringProperty("pair_id", market.pairId());
        g.writeName("bids");
        writeLevels(g, bidLevels);
        g.writeName("asks");
        writeLevels(g, askLevels);
        g.writeNumberProperty("sequence", seq);
        g.writeNumberProperty("checksum", checksum);
    }

    private void writeLevels(final JsonGenerator g, final List<long[]> levels)
    {
        g.writeStartArray();
        for (final long[] level : levels)
        {
            g.writeStartObject();
            g.writeStringProperty("price", Decimals.format(level[0], market.priceScale()));
            g.writeStringProperty("quantity", 0 == level[1] ? "0" : Decimals.format(level[1], market.quantityScale()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static List<long[]> levels(final TreeMap<Long, Level> side)
    {
        return side.entrySet().stream().map(e -> new long[] {e.getKey(), e.getValue().quantity()}).toList();
    }

    private void apply(final TreeMap<Long, Level> side, final List<long[]> changes, final boolean bid)
    {
        for (final long[] change : changes)
        {
            // Until the checksum is stale the covered prices are exact, so each change is tested against them.
            checksumStale |= bid ? change[0] >= bidsCovered : change[0] <= asksCovered;
            if (0 == change[1])
            {
                side.remove(change[0]);
            }
            else
            {
                side.put(change[0], level(change[0], change[1]));
            }
        }
    }

    private Level level(final long price, final long quantity)
    {
        return new Level(quantity, (Decimals.format(price, market.priceScale()) + ':'
            + Decimals.format(quantity, market.quantityScale())).getBytes(StandardCharsets.US_ASCII));
    }

    // CRC-32 of the best 25 asks ascending, '#', the best 25 bids descending; levels "price:quantity" joined by '|'.
    // The text is gathered first and summed in one call: a call per level and separator cost more than the sum.
    private long checksum()
    {
        if (checksumStale)
        {
            checksumLength = 0;
            final long asksEnd = gather(asks);
            append(SIDE_SEPARATOR);
            final long bidsEnd = gather(bids);
            crc.reset();
            crc.update(checksumText, 0, checksumLength);
            checksum = crc.getValue();
            asksCovered = asks.size() >= CHECKSUM_LEVELS ? asksEnd : Long.MAX_VALUE;
            bidsCovered = bids.size() >= CHECKSUM_LEVELS ? bidsEnd : Long.MIN_VALUE;
            checksumStale = false;
        }
        return checksum;
    }

    // Appends a side's best levels to the checksum text; returns the price of the last level taken in.
    private long gather(final TreeMap<Long, Level> side)
    {
        long last = 0;
        int count = 0;
        for (final Iterator<Map.Entry<Long, Level>> it = side.entrySet().iterator();
            it.hasNext() && count < CHECKSUM_LEVELS; count++)
        {
            if (count > 0)
            {
                append(LEVEL_SEPARATOR);
            }
            final Map.Entry<Long, Level> level = it.next();
            append(level.getValue().text());
            last = level.getKey();
        }
        return last;
    }

    private void append(final byte[] bytes)
    {
        if (checksumLength + bytes.length > checksumText.length)
        {
            checksumText = Arrays.copyOf(checksumText, Math.max(2 * checksumText.length, checksumLength + bytes.length));
        }
        System.arraycopy(bytes, 0, checksumText, checksumLength, bytes.length);
        checksumLength += bytes.length;
    }

    @Override
    public synchronized void writeState(final DataOutput out) throws IOException
    {
        super.writeState(out);
        out.writeLong(lastTimestamp);
        writeSide(out, bids);
        writeSide(out, asks);
    }

    @Override
    public synchronized void readState(final DataInput in) throws IOException
    {
        super.readState(in);
        lastTimestamp = in.readLong();
        readSide(in, bids);
        readSide(in, asks);
        checksumStale = true;
    }

    private static void writeSide(final DataOutput out, final TreeMap<Long, Level> side) throws IOException
    {
        out.writeInt(side.size());
        for (final Map.Entry<Long, Level> e : side.entrySet())
        {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue().quantity());
        }
    }

    private void readSide(final DataInput in, final TreeMap<Long, Level> side) throws IOException
    {
        side.clear();
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            final long price = in.readLong();
            side.put(price, level(price, in.readLong()));
        }
    }

    /** A level's quantity and its checksum text. */
    private record Level(long quantity, byte[] text)
    {
    }
}
