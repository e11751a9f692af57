package dev.bourse.journal.sequencer;

import dev.bourse.engine.Engine;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EventSink;
import dev.bourse.journal.codec.CommandCodec;
import dev.bourse.journal.log.JournalWriter;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The single writer of the log. Producers on any thread {@link #trySubmit} commands into a bounded lock-free queue (a
 * full queue refuses: back-pressure, never an unbounded buffer). The sequencer thread takes them in batches, stamps each
 * with the next sequence number and a timestamp that never goes backwards, appends the batch to the log and makes it
 * durable under the {@link DurabilityPolicy}. The engine thread ({@link Applier}) then applies each command, its events
 * going to the sink, and acknowledges it, while the sequencer logs the next batches. Nothing is applied, published or
 * acknowledged before it is durable; if the log cannot be written the sequencer stops and fails every command it
 * holds.
 */
public final class Sequencer implements AutoCloseable
{
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final JournalWriter writer;
    private final SequencerConfig config;
    private final LongSupplier clockNanos;
    private final SubmissionRing queue;
    private int idleRounds;
    private volatile boolean parked;
    private final ByteBuffer encoded = ByteBuffer.allocate(1 << 20);
    private final Applier applier;
    private DurableBatch batch;
    private final Thread thread;
    private volatile boolean running = true;
    // True from before a drain of the queue until the batch it took is handed to the engine thread.
    private volatile boolean busy;
    private volatile boolean stopped;
    private volatile Throwable failure;
    private long lastSequence;
    private long lastTimestampNanos;
    private long lastForceNanos;
    private boolean unforced;
    // The log is durable up to here; a snapshot waits for it (awaitDurable) to reach its sequence.
    private volatile long durableSequence;
    private volatile long forceWanted;

    /**
     * A sequencer continuing a log; call {@link #start()} to run it.
     *
     * @param engine     the engine, in the state the log left it in; from now on only the engine thread uses it.
     * @param sink       where the engine's events go, on the engine thread, once their command is durable.
     * @param writer     the log, positioned after the engine's last command.
     * @param config     batching and durability.
     * @param clockNanos the wall clock in nanoseconds since the epoch, read only to stamp commands.
     * @param batchListener told on the engine thread after each batch is applied, its events delivered and its
     *                      commands answered: the moment the engine and what the sink derives agree.
     */
    public Sequencer(
        final Engine engine, final EventSink sink, final JournalWriter writer, final SequencerConfig config,
        final LongSupplier clockNanos, final BatchListener batchListener)
    {
        this.writer = writer;
        this.config = config;
        this.clockNanos = clockNanos;
        this.queue = new SubmissionRing(config.queueCapacity());
        this.applier = new Applier(engine, sink, config.maxBatch(), batchListener);
        this.lastSequence = writer.nextSequence() - 1;
        this.durableSequence = lastSequence;
        this.lastTimestampNanos = engine.lastTimestampNanos();
        if (engine.lastSequence() != lastSequence)
        {
            throw new IllegalArgumentException("engine and log disagree: engine=" + engine.lastSequence()
                + ", log=" + lastSequence);
        }
        this.thread = new Thread(this::run, "bourse-sequencer");
    }

    /** Sets who hears of every batch and command; only before {@link #start()}. */
    public void observer(final SequencerObserver newObserver)
    {
        if (thread.isAlive())
        {
            throw new IllegalStateException("the observer is set before the sequencer starts");
        }
        applier.observer(newObserver);
    }

    /** Starts the sequencer thread. */
    public void start()
    {
        lastForceNanos = System.nanoTime();
        applier.start();
        thread.start();
    }

    /**
     * Queues a command. Returns false, and the callback is never called, when the queue is full or the sequencer has
     * stopped: the producer must back off or refuse its client.
     */
    public boolean trySubmit(final Command command, final CommandCallback callback)
    {
        if (!running || !queue.offer(command, callback))
        {
            return false;
        }
        // The sequencer announces it is parking before it looks at the queue one last time; this fence orders
        // the offer before reading that announcement, so one of the two always sees the other.
        VarHandle.fullFence();
        if (parked)
        {
            LockSupport.unpark(thread);
        }
        if (stopped)
        {
            // Raced with close: the loop may be gone, so whoever sees the stop answers what is left.
            failQueued(new IllegalStateException("sequencer closed"));
        }
        return true;
    }

    /**
     * Waits until every command queued so far has been answered, up to the time given; returns whether it was. For a
     * shutdown that has stopped new input and wants the replies out before it closes connections.
     */
    public boolean awaitIdle(final long millis) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (thread.isAlive() && (busy || !queue.isEmpty()) || !applier.idle())
        {
            if (System.nanoTime() >= deadline)
            {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Commands waiting for the sequencer. */
    public int queueDepth()
    {
        return queue.size();
    }

    /** How many acknowledgement callbacks threw; each is a bug in the caller. */
    public long callbackErrors()
    {
        return applier.callbackErrors();
    }

    /** Why the sequencer, or the sink its events go to, stopped the exchange; or null. */
    public Throwable failure()
    {
        return null != failure ? failure : applier.failure();
    }

    /**
     * Stops accepting, finishes every queued command, makes the log durable, publishes every event and answers
     * every command, then stops both threads.
     */
    @Override
    public void close() throws InterruptedException
    {
        running = false;
        LockSupport.unpark(thread);
        thread.join();
        applier.finish();
        applier.join();
    }

    /**
     * Makes the log durable up to {@code sequence} whatever the policy, and waits until it is; from any thread but
     * the sequencer's. Returns false when the sequencer stopped before it could: a snapshot must not get ahead of the
     * log it comes from.
     */
    public boolean awaitDurable(final long sequence) throws InterruptedException
    {
        synchronized (this)
        {
            forceWanted = Math.max(forceWanted, sequence);
        }
        LockSupport.unpark(thread);
        while (durableSequence < sequence)
        {
            if (!thread.isAlive())
            {
                return durableSequence >= sequence;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private void run()
    {
        try
        {
            while (running || !queue.isEmpty())
            {
                busy = true;
                // Waiting for room before draining keeps a slow engine thread from letting the log run ahead of it.
                batch = applier.claim();
                batch.size = queue.drain(batch.commands, batch.callbacks, batch.commands.length);
                if (0 == batch.size)
                {
                    batch = null;
                    busy = false;
                    idle();
                    forceIfDue();
                    continue;
                }
                idleRounds = 0;
                log(batch);
                batch = null;
                applier.publish();
                busy = false;
            }
            if (unforced)
            {
                force();
            }
            stopped = true;
            failQueued(new IllegalStateException("sequencer closed"));
        }
        catch (final Throwable t)
        {
            failure = t;
            running = false;
            // Batches handed over before the failure are durable: the engine thread still applies and answers them.
            if (null != batch)
            {
                for (int i = 0; i < batch.size; i++)
                {
                    batch.callbacks[i].onFailed(t);
                }
                batch.clear();
            }
            stopped = true;
            failQueued(t);
        }
        finally
        {
            applier.finish();
        }
    }

    private void idle()
    {
        if (!Backoff.spinOrYield(idleRounds++))
        {
            parked = true;
            if (running && queue.isEmpty() && forceWanted <= durableSequence)
            {
                LockSupport.parkNanos(this, pollNanos());
            }
            parked = false;
        }
    }

    // After the stop the ring has no consumer thread; the lock makes whoever drains it the only one at a time.
    private synchronized void failQueued(final Throwable cause)
    {
        final Command[] commands = new Command[64];
        final CommandCallback[] callbacks = new CommandCallback[64];
        int count;
        while (0 != (count = queue.drain(commands, callbacks, commands.length)))
        {
            for (int i = 0; i < count; i++)
            {
                callbacks[i].onFailed(cause);
            }
        }
    }

    private void log(final DurableBatch batch)
    {
        batch.firstSequence = lastSequence + 1;
        // One timestamp per batch, never behind the last: engine time must not go backwards with the wall clock.
        batch.timestampNanos = Math.max(lastTimestampNanos, clockNanos.getAsLong());
        for (int i = 0; i < batch.size; i++)
        {
            encoded.clear();
            CommandCodec.encode(batch.commands[i], encoded);
            encoded.flip();
            writer.append(++lastSequence, batch.timestampNanos, encoded);
        }
        lastTimestampNanos = batch.timestampNanos;
        writer.write();
        unforced = true;
        batch.forceNanos = -1;
        if (config.policy() == DurabilityPolicy.FSYNC)
        {
            batch.forceNanos = force();
        }
        else
        {
            forceIfDue();
        }
    }

    private long pollNanos()
    {
        if (config.policy() != DurabilityPolicy.WRITE || !unforced)
        {
            return IDLE_POLL_NANOS;
        }
        final long due = lastForceNanos + TimeUnit.MILLISECONDS.toNanos(config.fsyncIntervalMillis());
        return Math.max(0, Math.min(IDLE_POLL_NANOS, due - System.nanoTime()));
    }

    private void forceIfDue()
    {
        final boolean dueByTime = config.policy() == DurabilityPolicy.WRITE
            && System.nanoTime() - lastForceNanos >= TimeUnit.MILLISECONDS.toNanos(config.fsyncIntervalMillis());
        if (unforced && (dueByTime || forceWanted > durableSequence))
        {
            force();
        }
    }

    // Returns how long the fsync took.
    private long force()
    {
        final long start = System.nanoTime();
        writer.force();
        unforced = false;
        durableSequence = lastSequence;
        lastForceNanos = System.nanoTime();
        return lastForceNanos - start;
    }

    /** Hears of every batch once it was applied; runs on the engine thread, the engine's only user. */
    @FunctionalInterface
    public interface BatchListener
    {
        /** A batch ending at this sequence number and timestamp was made durable, applied and answered. */
        void afterBatch(long lastSequence, long lastTimestampNanos);
    }
}
