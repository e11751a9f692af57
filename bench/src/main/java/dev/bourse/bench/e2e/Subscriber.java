package dev.bourse.bench.e2e;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;

/**
 * One market-data subscriber of the fan-out scenario: keeps its own copy of the book from the snapshot and deltas,
 * checks every book message's checksum against that copy and every topic's seq for gaps, and times each data
 * message from its engine timestamp to its receipt. All calls are on the connection's event loop.
 */
final class Subscriber implements WsClient.Listener
{
    final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    final Histogram latency = Latency.histogram();
    private final Message message = new Message();
    private final LocalBook book = new LocalBook();
    private String datePrefix = "";
    private long dayMicros;
    volatile long lastReceivedNanos;
    volatile long messages;
    long bookSeq = -1;
    long tradeSeq = -1;
    long gaps;
    long checksumFailures;
    long slowConsumer;
    long otherErrors;

    @Override
    public void onText(final WsConnection connection, final ByteBuf frame)
    {
        final long receivedMicros = epochMicrosNow();
        message.parse(frame);
        switch (null == message.type ? "" : message.type)
        {
            case "subscribed" -> onSubscribed();
            case "data" -> onData(receivedMicros);
            case "error" ->
            {
                if ("slow_consumer".equals(message.errorCode))
                {
                    slowConsumer++;
                }
                else
                {
                    otherErrors++;
                }
            }
            default -> otherErrors++;
        }
    }

    private void onSubscribed()
    {
        if (message.book)
        {
            book.reset(message);
            bookSeq = message.seq;
            checkBook();
        }
        subscribed.complete(null);
    }

    private void onData(final long receivedMicros)
    {
        messages++;
        lastReceivedNanos = System.nanoTime();
        latency.recordValue(Latency.clamp(receivedMicros - epochMicros(message.ts)));
        if (message.topic.startsWith("orderbook."))
        {
            bookSeq = next(bookSeq, message.seq);
            book.apply(message);
            checkBook();
        }
        else
        {
            tradeSeq = next(tradeSeq, message.seq);
        }
    }

    private long next(final long last, final long seq)
    {
        if (last >= 0 && seq != last + 1)
        {
            gaps++;
        }
        return seq;
    }

    private void checkBook()
    {
        if (book.checksum() != message.checksum)
        {
            checksumFailures++;
        }
    }

    @Override
    public void onClose(final WsConnection connection)
    {
        subscribed.completeExceptionally(new IllegalStateException("closed before subscribing"));
    }

    private static long epochMicrosNow()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** RFC 3339 with milliseconds, UTC ("2026-01-14T10:30:01.125Z"), to microseconds since the epoch. */
    private long epochMicros(final String ts)
    {
        if (datePrefix.isEmpty() || !ts.startsWith(datePrefix))
        {
            datePrefix = ts.substring(0, 10);
            dayMicros = LocalDate.parse(datePrefix).toEpochDay() * 86_400_000_000L;
        }
        final long millisOfDay = ((digits(ts, 11, 2) * 60 + digits(ts, 14, 2)) * 60 + digits(ts, 17, 2)) * 1_000
            + digits(ts, 20, 3);
        return dayMicros + millisOfDay * 1_000;
    }

    private static long digits(final String text, final int from, final int count)
    {
        long value = 0;
        for (int i = from; i < from + count; i++)
        {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
