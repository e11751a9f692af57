package dev.bourse.journal.sequencer;

import dev.bourse.engine.Engine;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EventSink;
import dev.bourse.journal.codec.CommandCodec;
import dev.bourse.journal.log.JournalWriter;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The single writer of the log. Producers on any thread {@link #trySubmit} commands into a bounded lock-free queue (a
 * full queue refuses: back-pressure, never an unbounded buffer). The sequencer thread takes them in batches, stamps each
 * with the next sequence number and a timestamp that never goes backwards, appends the batch to the log, makes it
 * durable under the {@link DurabilityPolicy}, then applies each command to the engine, recording its events. The
 * {@link Publisher} then delivers those events to the sink and acknowledges the commands on a thread of its own, so
 * that what the sink derives never holds up the log; only a small batch, when there is nothing else to do and that
 * thread sleeps, the sequencer delivers itself. Nothing is applied, published or acknowledged before it is durable.
 * If the log cannot be written or made durable, or applying a command fails, the sequencer stops: the commands
 * already handed over are answered as done and stay in the log, the others are answered as failed and cut out of it.
 */
public final class Sequencer implements AutoCloseable
{
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Engine engine;
    private final JournalWriter writer;
    private final SequencerConfig config;
    private final LongSupplier clockNanos;
    private final SubmissionRing queue;
    private final Command[] batchCommands;
    private final CommandCallback[] batchCallbacks;
    private int batchSize;
    private int idleRounds;
    private final IdleSpells idleSpells = new IdleSpells();
    private volatile boolean parked;
    private final ByteBuffer encoded = ByteBuffer.allocate(1 << 20);
    private final Publisher publisher;
    private AppliedBatch applied;
    private final BatchListener batchListener;
    private final Thread thread;
    private volatile boolean running = true;
    // True from before a drain of the queue until the batch it took is answered: queue empty and not busy is idle.
    private volatile boolean busy;
    private volatile boolean stopped;
    private volatile Throwable failure;
    private long lastSequence;
    private long batchFirstSequence;
    private long lastTimestampNanos;
    private long lastForceNanos;
    private boolean unforced;
    private SequencerObserver observer = SequencerObserver.NONE;
    private Consumer<Throwable> failureListener = failure -> { };
    private final AtomicBoolean failureReported = new AtomicBoolean();
    private long lastForceDurationNanos;

    /**
     * A sequencer continuing a log; call {@link #start()} to run it.
     *
     * @param engine     the engine, in the state the log left it in; from now on only the sequencer thread uses it.
     * @param sink       where the engine's events go, one batch at a time on the publishing thread, once their
     *                   command is durable.
     * @param writer     the log, positioned after the engine's last command.
     * @param config     batching and durability.
     * @param clockNanos the wall clock in nanoseconds since the epoch, read only to stamp commands.
     * @param batchListener told after each batch is applied, on the sequencer thread, before it is published.
     */
    public Sequencer(
        final Engine engine, final EventSink sink, final JournalWriter writer, final SequencerConfig config,
        final LongSupplier clockNanos, final BatchListener batchListener)
    {
        this.batchListener = batchListener;
        this.engine = engine;
        this.writer = writer;
        this.config = config;
        this.clockNanos = clockNanos;
        this.queue = new SubmissionRing(config.queueCapacity());
        this.batchCommands = new Command[config.maxBatch()];
        this.batchCallbacks = new CommandCallback[config.maxBatch()];
        this.publisher = new Publisher(sink, config.maxBatch(), this::reportFailure);
        this.lastSequence = writer.nextSequence() - 1;
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
        observer = newObserver;
    }

    /**
     * Sets who hears, once, why the exchange stopped taking commands: the log could not be written, a command could
     * not be applied, or the sink failed. On the thread that saw it; only before {@link #start()}.
     */
    public void onFailure(final Consumer<Throwable> listener)
    {
        if (thread.isAlive())
        {
            throw new IllegalStateException("the failure listener is set before the sequencer starts");
        }
        failureListener = listener;
    }

    /** Leaves every batch to the publisher thread, for tests that hold it up; only before {@link #start()}. */
    void neverPublishInline()
    {
        publisher.neverInline();
    }

    /** Whether the publisher thread sleeps, with nothing to do; for tests. */
    boolean publisherAsleep()
    {
        return publisher.asleep();
    }

    /** Starts the sequencer thread. */
    public void start()
    {
        lastForceNanos = System.nanoTime();
        publisher.start();
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
        while (thread.isAlive() && (busy || !queue.isEmpty()) || !publisher.idle())
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
        return publisher.callbackErrors();
    }

    /** Why the sequencer, or the sink its events go to, stopped the exchange; or null. */
    public Throwable failure()
    {
        return null != failure ? failure : publisher.failure();
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
        publisher.finish();
        publisher.join();
    }

    /**
     * Runs {@code task} on the publisher thread once the batch just applied has been published: the moment the
     * sink's derived state matches the engine's. Only from a {@link BatchListener}.
     */
    public void afterPublished(final Runnable task)
    {
        applied.after = task;
    }

    private void run()
    {
        try
        {
            while (running || !queue.isEmpty())
            {
                busy = true;
                batchSize = queue.drain(batchCommands, batchCallbacks, batchCommands.length);
                if (0 == batchSize)
                {
                    busy = false;
                    idle();
                    forceIfDue();
                    continue;
                }
                idleRounds = 0;
                idleSpells.end(System.nanoTime());
                process();
                clearBatch();
                batchListener.afterBatch(lastSequence, lastTimestampNanos);
                publish();
                busy = false;
            }
            if (unforced)
            {
                writer.force();
            }
            stopped = true;
            failQueued(new IllegalStateException("sequencer closed"));
        }
        catch (final Throwable t)
        {
            // Set before refusing new commands, so that a refused producer sees why: not a full queue.
            failure = t;
            running = false;
            // Commands handed over before the failure stay in the log: they are still published and answered as done.
            final int handedOver = null == applied ? 0 : applied.size;
            final Throwable cause = cutBack(null == applied ? lastSequence : batchFirstSequence - 1 + handedOver, t);
            failure = cause;
            if (null != applied)
            {
                applied.dropUnfinishedCommand();
                publish();
            }
            for (int i = handedOver; i < batchSize; i++)
            {
                batchCallbacks[i].onFailed(cause);
            }
            clearBatch();
            stopped = true;
            failQueued(cause);
            reportFailure(cause);
        }
        finally
        {
            publisher.finish();
        }
    }

    // The rest of the batch is answered as failed, so none of it may come back at the next start: whether it was
    // never written (a command that cannot be encoded stops its whole batch), written in part, or written and then
    // not made durable or not applied. If the cut fails they may, and that is the failure to report.
    private Throwable cutBack(final long lastKept, final Throwable failure)
    {
        try
        {
            writer.cutBack(lastKept);
            return failure;
        }
        catch (final RuntimeException e)
        {
            e.addSuppressed(failure);
            return e;
        }
    }

    // Once, and only after every command this thread holds is answered or handed to the publisher: a listener that is
    // slow or throws must hold up no answer.
    private void reportFailure(final Throwable cause)
    {
        if (failureReported.compareAndSet(false, true))
        {
            try
            {
                failureListener.accept(cause);
            }
            catch (final Throwable e)
            {
                cause.addSuppressed(e);
            }
        }
    }

    private void publish()
    {
        applied = null;
        publisher.publish(queue.isEmpty());
    }

    private void idle()
    {
        final long now = System.nanoTime();
        idleSpells.begin(now);
        if (Backoff.spinOrYield(idleRounds++))
        {
            return;
        }
        if (idleSpells.keepPolling(now))
        {
            // Commands have lately come back soon after a batch: the next one is likely on its way.
            Thread.yield();
        }
        else
        {
            parked = true;
            if (running && queue.isEmpty())
            {
                LockSupport.parkNanos(this, pollNanos());
            }
            parked = false;
        }
    }

    private void clearBatch()
    {
        Arrays.fill(batchCommands, 0, batchSize, null);
        Arrays.fill(batchCallbacks, 0, batchSize, null);
        batchSize = 0;
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

    private void process()
    {
        batchFirstSequence = lastSequence + 1;
        // Waiting for room before writing keeps a slow sink from letting the log run ahead of the publisher.
        applied = publisher.claim();
        engine.sink(applied.events);
        // One timestamp per batch, never behind the last: engine time must not go backwards with the wall clock.
        final long timestamp = Math.max(lastTimestampNanos, clockNanos.getAsLong());
        for (int i = 0; i < batchSize; i++)
        {
            encoded.clear();
            CommandCodec.encode(batchCommands[i], encoded);
            encoded.flip();
            writer.append(lastSequence + 1, timestamp, encoded);
            lastSequence++;
        }
        lastTimestampNanos = timestamp;
        writer.write();
        unforced = true;
        lastForceDurationNanos = -1;
        if (config.policy() == DurabilityPolicy.FSYNC)
        {
            force();
        }
        else
        {
            forceIfDue();
        }
        long sequence = batchFirstSequence;
        final long applyStart = System.nanoTime();
        for (int i = 0; i < batchSize; i++)
        {
            engine.apply(sequence, timestamp, batchCommands[i]);
            // Handed over before it is observed: an observer that throws stops the exchange, but the command it saw is
            // applied and durable, and is answered so.
            applied.add(batchCallbacks[i]);
            observer.onCommand(batchCommands[i], applied.events.lastResult());
            sequence++;
        }
        // Timed per batch, not per command: two clock reads per command would cost more than some commands do.
        observer.onBatch(batchSize, lastForceDurationNanos, System.nanoTime() - applyStart);
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
        if (config.policy() == DurabilityPolicy.WRITE && unforced
            && System.nanoTime() - lastForceNanos >= TimeUnit.MILLISECONDS.toNanos(config.fsyncIntervalMillis()))
        {
            force();
        }
    }

    private void force()
    {
        final long start = System.nanoTime();
        writer.force();
        unforced = false;
        lastForceNanos = System.nanoTime();
        lastForceDurationNanos = lastForceNanos - start;
    }

    /** Hears of every batch once it was applied; runs on the sequencer thread, the engine's only user. */
    @FunctionalInterface
    public interface BatchListener
    {
        /** A batch ending at this sequence number and timestamp was made durable and applied. */
        void afterBatch(long lastSequence, long lastTimestampNanos);
    }

    /** Makes the log durable now, whatever the policy; only from the sequencer thread, as a batch listener. */
    public void forceLog()
    {
        if (unforced)
        {
            force();
        }
    }
}
