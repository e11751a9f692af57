package dev.bourse.gateway.session;

import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands the work a published batch leaves for event loops over once per batch. Waking an event loop costs a system
 * call and a contended queue; done for every frame and reply it took a third of the publisher thread, the exchange's
 * busiest. Here each event loop gets one task per batch that drains every connection the batch wrote to.
 */
public final class WakeUps
{
    private static final Logger LOG = LoggerFactory.getLogger(WakeUps.class);

    // The thread delivering a batch, from its start to its end: the publisher's, or the sequencer's while the publisher
    // sleeps. Only it defers; any other thread (and it between batches) wakes loops at once. Only the deliverer writes
    // it, and no other thread can read its own identity in it, so a stale value is harmless.
    private volatile Thread deliverer;
    private final Map<EventLoop, List<Runnable>> pending = new IdentityHashMap<>();

    /**
     * Queues {@code drain} to run on {@code loop} at the end of the current batch when called by the thread
     * delivering it; otherwise runs it on the loop now.
     */
    public void drainLater(final EventLoop loop, final Runnable drain)
    {
        if (Thread.currentThread() != deliverer)
        {
            loop.execute(drain);
            return;
        }
        pending.computeIfAbsent(loop, l -> new ArrayList<>()).add(drain);
    }

    /** A batch is being delivered on this thread: its drains wait for its end. */
    public void batchStarted()
    {
        deliverer = Thread.currentThread();
    }

    /** The batch is out: wakes each loop once with its drains. On the thread that started the batch. */
    public void batchEnded()
    {
        deliverer = null;
        if (pending.isEmpty())
        {
            return;
        }
        for (final Map.Entry<EventLoop, List<Runnable>> e : pending.entrySet())
        {
            final Runnable[] drains = e.getValue().toArray(Runnable[]::new);
            try
            {
                e.getKey().execute(() -> runAll(drains));
            }
            catch (final RejectedExecutionException ex)
            {
                // The loop has shut down with its connections: nobody is left to write to.
            }
        }
        pending.clear();
    }

    private static void runAll(final Runnable[] drains)
    {
        for (final Runnable drain : drains)
        {
            // One connection's failure (a bug) must not leave the others undrained.
            try
            {
                drain.run();
            }
            catch (final RuntimeException ex)
            {
                LOG.error("drain failed", ex);
            }
        }
    }
}
