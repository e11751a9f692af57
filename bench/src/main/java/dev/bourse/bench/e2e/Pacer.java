package dev.bourse.bench.e2e;

import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing: message i is due at {@code start + i / rate}, whatever happened to the ones before it. The pacer
 * wakes about every 50 us and hands every message that has come due to the sender with its planned time, so the
 * latency measured from that time includes any wait caused by the server or by the generator itself.
 */
final class Pacer
{
    /** Receives due messages on the pacer's thread. */
    interface Sender
    {
        void send(long index, long plannedNanos);

        /** After each wake-up's messages, e.g. to flush what was batched. */
        void endOfBatch();
    }

    private Pacer()
    {
    }

    /** Runs on the calling thread until {@code count} messages have been handed out; returns the start time. */
    static long run(final double perSecond, final long count, final Sender sender)
    {
        final double interval = 1e9 / perSecond;
        final long start = System.nanoTime();
        long next = 0;
        while (next < count)
        {
            final long now = System.nanoTime();
            final long due = Math.min(count, (long)((now - start) / interval) + 1);
            while (next < due)
            {
                sender.send(next, start + (long)(next * interval));
                next++;
            }
            sender.endOfBatch();
            LockSupport.parkNanos(50_000);
        }
        return start;
    }
}
