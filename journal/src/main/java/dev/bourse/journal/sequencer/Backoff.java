package dev.bourse.journal.sequencer;

/**
 * How the sequencer and publisher threads wait for work or room: spin first, then yield for a while, then park.
 * Spinning answers a burst at once. Yielding keeps the thread awake through the short gaps of a client that sends
 * one command at a time, where waking a parked thread cost more than the command itself, yet gives the core to any
 * other thread that wants it. Parking, after the yield window, gives the core back when there is nothing to do.
 * One per waiting thread.
 */
final class Backoff
{
    private static final int SPINS = 100;
    private static final long YIELD_NANOS = 200_000;

    private int spins;
    private long yieldingSince;

    /** Work came: the next wait starts over with spinning. */
    void reset()
    {
        spins = 0;
        yieldingSince = 0;
    }

    /** Spins or yields once; false once the waiter should park instead. */
    boolean spinOrYield()
    {
        if (spins < SPINS)
        {
            spins++;
            Thread.onSpinWait();
            return true;
        }
        final long now = System.nanoTime();
        if (0 == yieldingSince)
        {
            yieldingSince = now;
        }
        if (now - yieldingSince < YIELD_NANOS)
        {
            Thread.yield();
            return true;
        }
        return false;
    }
}
