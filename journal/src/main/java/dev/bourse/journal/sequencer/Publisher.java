package dev.bourse.journal.sequencer;

import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EventSink;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The stage after the sequencer, on a thread of its own: delivers the events of each durable, applied batch to the
 * sink in order, acknowledges the batch's commands, then runs what was attached to the batch. What the sink does with
 * events (rendering, fan-out) thus never holds up the sequencer, which meanwhile writes, syncs and applies the next
 * batches. A ring of a few reused batches joins the two threads; when it is full the sequencer waits, so a slow sink
 * is back-pressure, never an unbounded buffer.
 * <p>
 * A small batch handed over while the publisher thread sleeps with nothing to do is delivered by the sequencer thread
 * itself: waking a parked thread costs 20-30 us on a virtual machine, several times what delivering a few commands
 * does, and a client sending one command at a time would pay it on every one. Either thread delivers only while it
 * holds {@link #delivering}, so batches still reach the sink one at a time and in order.
 */
final class Publisher
{
    // Enough for the sequencer to run a few batches ahead (one syncing while the publisher renders another).
    static final int SLOTS = 8;
    private static final int MASK = SLOTS - 1;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    // Beyond this many commands a batch is handed over even to a sleeping publisher: its delivery would hold the
    // sequencer up for longer than a wake-up costs.
    static final int MAX_INLINE_COMMANDS = 16;
    private static final int MAX_INLINE_EVENTS = 8 * MAX_INLINE_COMMANDS;

    private final AppliedBatch[] slots = new AppliedBatch[SLOTS];
    private final EventSink sink;
    private final BatchBounds batchBounds;
    private final Thread thread;
    private final AtomicBoolean delivering = new AtomicBoolean();
    // Set before the threads start.
    private boolean inlineAllowed = true;
    // Batches handed over (written by the sequencer thread) and batches done with (by whichever thread delivers).
    private volatile long published;
    private volatile long released;
    private volatile boolean finished;
    private volatile boolean publisherParked;
    private volatile Thread waitingProducer;
    private volatile Throwable failure;
    private volatile long callbackErrors;
    private final Consumer<Throwable> onFailure;

    /** @param onFailure told the sink's failure after each batch it leaves unanswered, on the delivering thread. */
    Publisher(final EventSink sink, final int maxBatch, final Consumer<Throwable> onFailure)
    {
        this.sink = sink;
        this.onFailure = onFailure;
        this.batchBounds = sink instanceof BatchBounds bounds ? bounds : BatchBounds.NONE;
        for (int i = 0; i < SLOTS; i++)
        {
            slots[i] = new AppliedBatch(maxBatch);
        }
        thread = new Thread(this::run, "bourse-publisher");
    }

    /** Leaves every batch to this thread, however small; before start. */
    void neverInline()
    {
        inlineAllowed = false;
    }

    /** Whether this thread is going to sleep or asleep, with nothing to do. */
    boolean asleep()
    {
        return publisherParked;
    }

    void start()
    {
        thread.start();
    }

    /**
     * The next batch to fill, waiting while the ring is full; sequencer thread only.
     *
     * @throws IllegalStateException when the publisher has failed and will take nothing more.
     */
    AppliedBatch claim()
    {
        int idleRounds = 0;
        while (published - released >= SLOTS)
        {
            checkHealthy();
            if (!Backoff.spinOrYield(idleRounds++))
            {
                waitingProducer = Thread.currentThread();
                VarHandle.fullFence();
                if (published - released >= SLOTS && null == failure)
                {
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
                waitingProducer = null;
            }
        }
        checkHealthy();
        return slots[(int)(published & MASK)];
    }

    /**
     * Hands the claimed batch over; sequencer thread only. If the publisher sleeps, the batch is small and the
     * sequencer has nothing else to do, it is delivered here and now instead.
     */
    void publish(final boolean sequencerIdle)
    {
        final AppliedBatch batch = slots[(int)(published & MASK)];
        published = published + 1;
        // Pairs with the fence in the publisher's idle wait: either it sees the batch or we see it parked.
        VarHandle.fullFence();
        if (publisherParked && !(sequencerIdle && deliverHere(batch)))
        {
            LockSupport.unpark(thread);
        }
    }

    // Whether this thread delivered the batch; false leaves it to the publisher thread.
    // A snapshot's capture (the batch's after-task) or a command with many events would hold the log up.
    private boolean deliverHere(final AppliedBatch batch)
    {
        if (!inlineAllowed || published - released != 1 || batch.size > MAX_INLINE_COMMANDS || null != batch.after
            || batch.events.events().size() > MAX_INLINE_EVENTS || !delivering.compareAndSet(false, true))
        {
            return false;
        }
        deliverAll();
        return true;
    }

    /** No batch will follow: the publisher stops once it has done every one handed over. */
    void finish()
    {
        finished = true;
        LockSupport.unpark(thread);
    }

    /** Whether every batch handed over has been delivered and answered. */
    boolean idle()
    {
        return published == released;
    }

    void join() throws InterruptedException
    {
        if (thread.isAlive())
        {
            thread.join();
        }
    }

    /** Why delivering events failed, or null. */
    Throwable failure()
    {
        return failure;
    }

    long callbackErrors()
    {
        return callbackErrors;
    }

    private void checkHealthy()
    {
        if (null != failure)
        {
            throw new IllegalStateException("publisher failed", failure);
        }
    }

    private void run()
    {
        int idleRounds = 0;
        while (true)
        {
            if (released == published)
            {
                if (finished && released == published)
                {
                    return;
                }
                idle(idleRounds++);
                continue;
            }
            idleRounds = 0;
            if (delivering.compareAndSet(false, true))
            {
                deliverAll();
            }
            else
            {
                // The sequencer is delivering what came while this thread slept.
                Thread.onSpinWait();
            }
        }
    }

    // Only while holding the delivering flag, which it gives back.
    private void deliverAll()
    {
        try
        {
            while (released != published)
            {
                final AppliedBatch batch = slots[(int)(released & MASK)];
                try
                {
                    deliver(batch);
                }
                finally
                {
                    // Even after an error that escaped: a batch is never delivered twice.
                    batch.clear();
                    released = released + 1;
                }
                VarHandle.fullFence();
                final Thread producer = waitingProducer;
                if (null != producer)
                {
                    LockSupport.unpark(producer);
                }
            }
        }
        finally
        {
            delivering.set(false);
        }
    }

    private void idle(final int round)
    {
        if (!Backoff.spinOrYield(round))
        {
            publisherParked = true;
            VarHandle.fullFence();
            if (released == published && !finished)
            {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            publisherParked = false;
        }
    }

    private void deliver(final AppliedBatch batch)
    {
        int answered = 0;
        try
        {
            batchBounds.onBatchStart();
            if (null == failure)
            {
                long sequence = 0;
                for (final EngineEvent event : batch.events.events())
                {
                    event.deliverTo(sink);
                    if (event instanceof EngineEvent.CommandStarted started)
                    {
                        sequence = started.sequence();
                    }
                    else if (event instanceof EngineEvent.CommandResult result)
                    {
                        acknowledge(batch.callbacks[answered++], sequence, result);
                    }
                }
                if (null != batch.after)
                {
                    batch.after.run();
                }
            }
        }
        catch (final Throwable t)
        {
            // A sink that throws is a bug that leaves what it derives half-updated: nothing more is delivered.
            failure = t;
        }
        for (int i = answered; i < batch.size; i++)
        {
            refuse(batch.callbacks[i]);
        }
        try
        {
            batchBounds.onBatchEnd();
        }
        catch (final Throwable t)
        {
            // What the batch handed on may be lost: a bug like a sink's, and treated as one.
            if (null == failure)
            {
                failure = t;
            }
        }
        if (null != failure)
        {
            onFailure.accept(failure);
        }
    }

    private void refuse(final CommandCallback callback)
    {
        try
        {
            callback.onFailed(failure);
        }
        catch (final Throwable e)
        {
            // Even an Error: the other refusals, the batch's end and the failure's report must still run.
            callbackErrors++;
        }
    }

    private void acknowledge(final CommandCallback callback, final long sequence, final EngineEvent.CommandResult result)
    {
        try
        {
            callback.onDurable(sequence, result);
        }
        catch (final RuntimeException e)
        {
            // A caller's bug must not stop the exchange: the command is applied and durable all the same.
            callbackErrors++;
        }
    }
}
