package dev.bourse.gateway.session;

import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands the publisher thread's work for event loops over once per batch. Waking an event loop costs a system call
 * and a contended queue; done for every frame and reply it took a third of the publisher thread, the exchange's
 * busiest. Here each event loop gets one task per batch that drains every connection the batch wrote to.
 */
public final class WakeUps
{
    private static final Logger LOG = LoggerFactory.getLogger(WakeUps.class);

    // The publisher thread, known from its first batch end; only it defers, any other thread wakes loops at once.
    private volatile Thread publisher;
    private final Map<EventLoop, List<Runnable>> pending = new IdentityHashMap<>();

    /**
     * Queues {@code drain} to run on {@code loop} at the end of the current batch when called by the publisher
     * thread; otherwise runs it on the loop now.
     */
    public void drainLater(final EventLoop loop, final Runnable drain)
    {
        if (Thread.currentThread() != publisher)
        {
            loop.execute(drain);
            return;
        }
        pending.computeIfAbsent(loop, l -> new ArrayList<>()).add(drain);
    }

    /** The batch is out: wakes each loop once with its drains. Publisher thread only. */
    public void batchEnded()
    {
        if (null == publisher)
        {
            publisher = Thread.currentThread();
        }
        if (pending.isEmpty())
        {
            return;
        }
        for (final Map.Entry<EventLoop, List<Runnable>> e : pending.entrySet())
        {
            final Runnable[] drains = e.getValue().toArray(Runnable[]::new);
            e.getKey().execute(() ->
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
            });
        }
        pending.clear();
    }
}
