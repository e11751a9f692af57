package dev.bourse.journal.sequencer;

import dev.bourse.engine.Engine;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EventSink;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine thread, the stage after the sequencer: applies each durable batch to the engine, whose events go
 * straight to the sink, answers each command with its result, then tells the sink and the batch listener that the
 * batch is out. The engine and what the sink derives from its events thus live on one thread, with nothing recorded
 * in between, while the sequencer writes and syncs the next batches. A ring of a few reused batches joins the two
 * threads; when it is full the sequencer waits, so a slow engine or sink is back-pressure, never an unbounded buffer.
 */
final class Applier
{
    // Enough for the sequencer to run a few batches ahead (one syncing while the engine applies another).
    static final int SLOTS = 8;
    private static final int MASK = SLOTS - 1;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final DurableBatch[] slots = new DurableBatch[SLOTS];
    private final Engine engine;
    private final EventSink sink;
    private final BatchEnd batchEnd;
    private final Sequencer.BatchListener batchListener;
    private final Thread thread;
    private SequencerObserver observer = SequencerObserver.NONE;
    // Batches handed over (written by the sequencer thread) and batches done with (written by the engine thread).
    private volatile long published;
    private volatile long released;
    private volatile boolean finished;
    private volatile boolean parked;
    private volatile Thread waitingSequencer;
    private volatile Throwable failure;
    private volatile long callbackErrors;

    Applier(final Engine engine, final EventSink sink, final int maxBatch, final Sequencer.BatchListener batchListener)
    {
        this.engine = engine;
        this.sink = sink;
        this.batchEnd = sink instanceof BatchEnd end ? end : () -> { };
        this.batchListener = batchListener;
        for (int i = 0; i < SLOTS; i++)
        {
            slots[i] = new DurableBatch(maxBatch);
        }
        thread = new Thread(this::run, "bourse-engine");
    }

    void observer(final SequencerObserver newObserver)
    {
        observer = newObserver;
    }

    void start()
    {
        engine.sink(sink);
        thread.start();
    }

    /**
     * The next batch to fill, waiting while the ring is full; sequencer thread only.
     *
     * @throws IllegalStateException when the engine thread has failed and will take nothing more.
     */
    DurableBatch claim()
    {
        int idleRounds = 0;
        while (published - released >= SLOTS)
        {
            checkHealthy();
            if (!Backoff.spinOrYield(idleRounds++))
            {
                waitingSequencer = Thread.currentThread();
                VarHandle.fullFence();
                if (published - released >= SLOTS && null == failure)
                {
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
                waitingSequencer = null;
            }
        }
        checkHealthy();
        return slots[(int)(published & MASK)];
    }

    /** Hands the claimed batch over; sequencer thread only. */
    void publish()
    {
        published = published + 1;
        // Pairs with the fence in the engine thread's idle wait: either it sees the batch or we see it parked.
        VarHandle.fullFence();
        if (parked)
        {
            LockSupport.unpark(thread);
        }
    }

    /** No batch will follow: the engine thread stops once it has done every one handed over. */
    void finish()
    {
        finished = true;
        LockSupport.unpark(thread);
    }

    /** Whether every batch handed over has been applied and answered. */
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

    /** Why applying or delivering failed, or null. */
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
            throw new IllegalStateException("engine thread failed", failure);
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
            final DurableBatch batch = slots[(int)(released & MASK)];
            apply(batch);
            batch.clear();
            released = released + 1;
            VarHandle.fullFence();
            final Thread sequencer = waitingSequencer;
            if (null != sequencer)
            {
                LockSupport.unpark(sequencer);
            }
        }
    }

    private void idle(final int round)
    {
        if (!Backoff.spinOrYield(round))
        {
            parked = true;
            VarHandle.fullFence();
            if (released == published && !finished)
            {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            parked = false;
        }
    }

    private void apply(final DurableBatch batch)
    {
        int answered = 0;
        try
        {
            if (null == failure)
            {
                final long start = System.nanoTime();
                long sequence = batch.firstSequence;
                for (int i = 0; i < batch.size; i++, sequence++)
                {
                    engine.apply(sequence, batch.timestampNanos, batch.commands[i]);
                    final EngineEvent.CommandResult result = engine.lastResult();
                    acknowledge(batch.callbacks[i], sequence, result);
                    answered++;
                    observer.onCommand(batch.commands[i], result);
                }
                // Timed per batch, not per command: two clock reads per command would cost more than some do.
                observer.onBatch(batch.size, batch.forceNanos, System.nanoTime() - start);
            }
        }
        catch (final Throwable t)
        {
            // An engine, sink or observer that throws is a bug that leaves what it holds half-updated: nothing more
            // is applied. Every command is in the log, so a restart replays them all.
            failure = t;
        }
        for (int i = answered; i < batch.size; i++)
        {
            batch.callbacks[i].onFailed(failure);
        }
        try
        {
            batchEnd.onBatchEnd();
            if (null == failure)
            {
                batchListener.afterBatch(batch.lastSequence(), batch.timestampNanos);
            }
        }
        catch (final Throwable t)
        {
            failure = null == failure ? t : failure;
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
