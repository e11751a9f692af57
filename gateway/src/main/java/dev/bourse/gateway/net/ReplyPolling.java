package dev.bourse.gateway.net;

import dev.bourse.journal.sequencer.IdleSpells;
import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

import java.util.function.LongSupplier;

/**
 * The event loops' select strategy: a loop whose connections wait for replies to their commands, and whose work has
 * lately come back soon after it went idle, polls its sockets and tasks for a while instead of sleeping in select
 * (see {@link IdleSpells}). A reply comes back from the publishing thread tens of microseconds after its command went
 * in, and waking a loop asleep in select costs 20-30 us on a virtual machine: on one command at a time, as much as
 * the exchange's own work. Otherwise it sleeps at once, as Netty's default strategy does: connections that only read
 * market data never make a loop poll, and a loop whose replies wait for an fsync stops polling once its idle spells
 * have lengthened (a few hundred microseconds of polling in all).
 */
public final class ReplyPolling implements SelectStrategy
{
    // Replies awaited by the connections of each loop; only ever touched on that loop's own thread.
    private static final ThreadLocal<int[]> AWAITED = ThreadLocal.withInitial(() -> new int[1]);

    private final IdleSpells idleSpells = new IdleSpells();
    private final LongSupplier nanoClock;
    private int[] awaited;
    // The loop slept in select last time: it woke for work.
    private boolean slept;

    public ReplyPolling()
    {
        this(System::nanoTime);
    }

    ReplyPolling(final LongSupplier nanoClock)
    {
        this.nanoClock = nanoClock;
    }

    /** A connection on this event loop sent a command and waits for its reply; on the loop's thread. */
    public static void replyAwaited()
    {
        AWAITED.get()[0]++;
    }

    /** Replies awaited on this event loop came, or will not (the connection closed); on the loop's thread. */
    public static void repliesSettled(final int replies)
    {
        AWAITED.get()[0] -= replies;
    }

    @Override
    public int calculateStrategy(final IntSupplier selectNow, final boolean hasTasks) throws Exception
    {
        if (null == awaited)
        {
            awaited = AWAITED.get();
        }
        final long now = nanoClock.getAsLong();
        if (hasTasks || slept)
        {
            slept = false;
            idleSpells.end(now);
        }
        if (hasTasks)
        {
            return selectNow.get();
        }
        if (awaited[0] > 0)
        {
            final int ready = selectNow.get();
            if (ready > 0)
            {
                idleSpells.end(now);
                return ready;
            }
            idleSpells.begin(now);
            if (idleSpells.keepPolling(now))
            {
                // Other threads on this core go first; then back to the loop, which runs any task queued since.
                Thread.yield();
                return CONTINUE;
            }
        }
        idleSpells.begin(now);
        slept = true;
        return SELECT;
    }
}
