package dev.bourse.journal.sequencer;

/**
 * How the sequencer and publisher threads wait for work or room: spin first, then yield for a while, then park.
 * Spinning answers a burst at once. Yielding keeps the thread awake through the short gaps of a client that sends
 * one command at a time, where waking a parked thread cost more than the command itself. But a yielding thread still
 * takes its share of a core, which the event loops need when they fan frames out to many subscribers: so the long
 * yield is only for a thread whose last wait was short, and a thread whose work comes far apart parks soon.
 * One per waiting thread.
 */
final class Backoff
{
    private static final int SPINS = 100;
    private static final long LONG_YIELD_NANOS = 200_000;
    private static final long SHORT_YIELD_NANOS = 20_000;

    private int spins;
    private long waitStart;
    private long yieldNanos = SHORT_YIELD_NANOS;

    /** Work came: the next wait starts over with spinning, its yield as long as this wait was short. */
    void reset()
    {
        if (0 != waitStart)
        {
            yieldNanos = System.nanoTime() - waitStart < LONG_YIELD_NANOS ? LONG_YIELD_NANOS : SHORT_YIELD_NANOS;
            waitStart = 0;
        }
        spins = 0;
    }

    /** Spins or yields once; false once the waiter should park instead. */
    boolean spinOrYield()
    {
        if (spins < SPINS)
        {
            if (0 == spins++)
            {
                waitStart = System.nanoTime();
            }
            Thread.onSpinWait();
            return true;
        }
        if (System.nanoTime() - waitStart < yieldNanos)
        {
            Thread.yield();
            return true;
        }
        return false;
    }
}
