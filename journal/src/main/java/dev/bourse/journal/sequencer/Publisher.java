package dev.bourse.journal.sequencer;

import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EventSink;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The stage after the sequencer, on a thread of its own: delivers the events of each durable, applied batch to the
 * sink in order, acknowledges the batch's commands, then runs what was attached to the batch. What the sink does with
 * events (rendering, fan-out) thus never holds up the sequencer, which meanwhile writes, syncs and applies the next
 * batches. A ring of a few reused batches joins the two threads; when it is full the sequencer waits, so a slow sink
 * is back-pressure, never an unbounded buffer.
 */
final class Publisher
{
    // Enough for the sequencer to run a few batches ahead (one syncing while the publisher renders another).
    static final int SLOTS = 8;
    private static final int MASK = SLOTS - 1;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AppliedBatch[] slots = new AppliedBatch[SLOTS];
    private final EventSink sink;
    private final BatchEnd batchEnd;
    private final Thread thread;
    // Batches handed over (written by the sequencer thread) and batches done with (written by the publisher).
    private volatile long published;
    private volatile long released;
    private volatile boolean finished;
    private volatile boolean publisherParked;
    private volatile Thread waitingProducer;
    private volatile Throwable failure;
    private volatile long callbackErrors;
    private final Consumer<Throwable> onFailure;

    /** @param onFailure told the sink's failure after each batch it leaves unanswered, on the publisher thread. */
    Publisher(final EventSink sink, final int maxBatch, final Consumer<Throwable> onFailure)
    {
        this.sink = sink;
        this.onFailure = onFailure;
        this.batchEnd = sink instanceof BatchEnd end ? end : () -> { };
        for (int i = 0; i < SLOTS; i++)
        {
            slots[i] = new AppliedBatch(maxBatch);
        }
        thread = new Thread(this::run, "bourse-publisher");
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

    /** Hands the claimed batch over; sequencer thread only. */
    void publish()
    {
        published = published + 1;
        // Pairs with the fence in the publisher's idle wait: either it sees the batch or we see it parked.
        VarHandle.fullFence();
        if (publisherParked)
        {
            LockSupport.unpark(thread);
        }
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
            final AppliedBatch batch = slots[(int)(released & MASK)];
            deliver(batch);
            batch.clear();
            released = released + 1;
            VarHandle.fullFence();
            final Thread producer = waitingProducer;
            if (null != producer)
            {
                LockSupport.unpark(producer);
            }
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
        if (null == failure)
        {
            try
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
            catch (final Throwable t)
            {
                // A sink that throws is a bug that leaves what it derives half-updated: nothing more is delivered.
                failure = t;
            }
        }
        for (int i = answered; i < batch.size; i++)
        {
            batch.callbacks[i].onFailed(failure);
        }
        batchEnd.onBatchEnd();
        if (null != failure)
        {
            onFailure.accept(failure);
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
