package dev.bourse.bench.journal;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.journal.sequencer.CommandCallback;
import dev.bourse.journal.sequencer.Sequencer;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Submits commands to a running sequencer as a gateway with many clients would: from several producer threads, each
 * keeping a window of commands in flight, and waits until every one is acknowledged. One producer keeps the
 * commands' order.
 */
final class Submitter
{
    private static final long BACK_OFF_NANOS = 50_000;

    private Submitter()
    {
    }

    /**
     * Submits {@code commands} and returns once all are durable; throws, once every command is answered, if any failed
     * or the sequencer stopped.
     *
     * @param latency receives each command's delay from submit to acknowledgement, in nanoseconds; may be null.
     */
    static void submitAndWait(
        final Sequencer sequencer, final List<Command> commands, final int producers, final int inFlight,
        final Histogram latency)
        throws InterruptedException
    {
        // Producers split the commands round-robin; latency is recorded on the publisher thread, the only thread
        // calling back, so the histogram needs no lock.
        final CountDownLatch done = new CountDownLatch(commands.size());
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++)
        {
            final int producer = p;
            threads.add(Thread.ofPlatform().start(() ->
            {
                final Window window = new Window(inFlight);
                for (int i = producer; i < commands.size(); i += producers)
                {
                    window.awaitRoom();
                    final long submitted = System.nanoTime();
                    final CommandCallback callback = new CommandCallback()
                    {
                        @Override
                        public void onDurable(final long sequence, final EngineEvent.CommandResult result)
                        {
                            if (null != latency)
                            {
                                latency.recordValue(System.nanoTime() - submitted);
                            }
                            window.acknowledged();
                            done.countDown();
                        }

                        @Override
                        public void onFailed(final Throwable cause)
                        {
                            failed.compareAndSet(null, cause);
                            window.acknowledged();
                            done.countDown();
                        }
                    };
                    while (!sequencer.trySubmit(commands.get(i), callback))
                    {
                        final Throwable stopped = sequencer.failure();
                        if (null != stopped)
                        {
                            // Stopped: nothing more will be taken, so what is left counts as answered.
                            failed.compareAndSet(null, stopped);
                            for (int left = i; left < commands.size(); left += producers)
                            {
                                done.countDown();
                            }
                            return;
                        }
                        // A full queue is back-pressure: back off for a moment as a gateway would, rather than
                        // spin and take the sequencer's core on a small machine.
                        LockSupport.parkNanos(BACK_OFF_NANOS);
                    }
                }
            }));
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        done.await();
        if (null != failed.get())
        {
            throw new IllegalStateException("a command failed; the sequencer stopped", failed.get());
        }
    }

    /**
     * One producer's commands in flight. A full window waits until a quarter of it is free, as a gateway refills
     * from the many clients behind it, so the publisher wakes a waiting producer once per quarter window, not once
     * per acknowledgement: a wake-up costs more than a command, and would be the benchmark's own bottleneck.
     */
    private static final class Window
    {
        private final int size;
        private final int wakeAt;
        // Each written by one thread: submitted by the producer, acknowledged by the publisher; volatile with the
        // waiter, so that one of the two always sees the other and a wake-up is never missed.
        private volatile long submitted;
        private volatile long acknowledged;
        private volatile Thread waiter;

        Window(final int size)
        {
            this.size = size;
            this.wakeAt = size - Math.max(1, size / 4);
        }

        void awaitRoom()
        {
            while (submitted - acknowledged >= size)
            {
                waiter = Thread.currentThread();
                if (submitted - acknowledged >= size)
                {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                }
                waiter = null;
            }
            submitted = submitted + 1;
        }

        void acknowledged()
        {
            acknowledged = acknowledged + 1;
            final Thread thread = waiter;
            if (null != thread && submitted - acknowledged <= wakeAt)
            {
                // Once: the acknowledgements that follow before the producer runs must not wake it again. Clearing
                // a wait it has just begun again is harmless, as the permit left by unpark ends that wait at once.
                waiter = null;
                LockSupport.unpark(thread);
            }
        }
    }
}
