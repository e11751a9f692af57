package dev.bourse.journal.sequencer;

/**
 * How the sequencer and publisher threads wait for work or room: spin first, then yield, then park. Spinning answers
 * a burst at once; parking gives the core back to the gateway when there is nothing to do.
 */
final class Backoff
{
    private static final int SPINS = 100;
    private static final int YIELDS = 20;

    private Backoff()
    {
    }

    /** Spins or yields for the given round of waiting; false once the waiter should park instead. */
    static boolean spinOrYield(final int round)
    {
        if (round < SPINS)
        {
            Thread.onSpinWait();
            return true;
        }
        if (round < SPINS + YIELDS)
        {
            Thread.yield();
            return true;
        }
        return false;
    }
}
