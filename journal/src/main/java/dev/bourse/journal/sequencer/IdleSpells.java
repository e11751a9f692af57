package dev.bourse.journal.sequencer;

import java.util.concurrent.TimeUnit;

/**
 * How long a thread's idle spells have lately lasted, so that it keeps polling for work instead of sleeping when work
 * comes back soon. Waking a sleeping thread costs 20-30 us on a virtual machine, and a client sending one command at a
 * time sends its next one tens of microseconds after its reply: each hop of its round trip would pay that. A thread
 * whose work comes further apart sleeps at once, so that polling does not take a share of the cores for nothing.
 * One thread's.
 */
public final class IdleSpells
{
    /** Spells shorter than this are polled through, and the current one for no longer. */
    public static final long SHORT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    // Longer spells count as this long, so that one long pause is forgotten after a few short spells.
    private static final long LONGEST_NANOS = 4 * SHORT_NANOS;

    private boolean idle;
    private long sinceNanos;
    // A moving average; the longest to start with, so that a thread polls only once its work has come back soon.
    private long typicalNanos = LONGEST_NANOS;

    /** No work found at this time: a spell starts, unless one is under way. */
    public void begin(final long nowNanos)
    {
        if (!idle)
        {
            idle = true;
            sinceNanos = nowNanos;
        }
    }

    /** Work found at this time: the spell under way, if any, is over and counted. */
    public void end(final long nowNanos)
    {
        if (idle)
        {
            idle = false;
            typicalNanos += (Math.min(LONGEST_NANOS, nowNanos - sinceNanos) - typicalNanos) / 8;
        }
    }

    /** Whether to poll on rather than sleep: spells have lately been short, and this one still is. */
    public boolean keepPolling(final long nowNanos)
    {
        return typicalNanos < SHORT_NANOS && nowNanos - sinceNanos < SHORT_NANOS;
    }
}
