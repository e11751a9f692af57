package dev.bourse.gateway.session;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WakeUpsTest
{
    private final EventLoop loop = new DefaultEventLoop();
    private final WakeUps wakeUps = new WakeUps();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    // The two threads that take turns delivering batches.
    private final ExecutorService publisher = Executors.newSingleThreadExecutor();
    private final ExecutorService sequencer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop()
    {
        publisher.shutdownNow();
        sequencer.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void shouldHoldTheDeliverersDrainsUntilItsBatchEndsAndRunOthersAtOnce() throws Exception
    {
        on(publisher, wakeUps::batchStarted);
        on(publisher, () -> wakeUps.drainLater(loop, () -> ran.add("publisher")));
        await(() -> wakeUps.drainLater(loop, () -> ran.add("other thread")));
        assertThat(ran).containsExactly("other thread");

        on(publisher, wakeUps::batchEnded);
        await(() ->
        {
        });
        assertThat(ran).containsExactly("other thread", "publisher");
    }

    @Test
    void shouldDeferForWhicheverThreadDeliversAndOnlyWithinItsBatch() throws Exception
    {
        on(publisher, wakeUps::batchStarted);
        on(publisher, wakeUps::batchEnded);
        on(sequencer, wakeUps::batchStarted);
        on(sequencer, () -> wakeUps.drainLater(loop, () -> ran.add("sequencer, in its batch")));
        await(() -> on(publisher, () -> wakeUps.drainLater(loop, () -> ran.add("publisher, between its batches"))));
        assertThat(ran).containsExactly("publisher, between its batches");

        on(sequencer, wakeUps::batchEnded);
        await(() -> on(sequencer, () -> wakeUps.drainLater(loop, () -> ran.add("sequencer, after its batch"))));
        assertThat(ran).containsExactly("publisher, between its batches", "sequencer, in its batch",
            "sequencer, after its batch");
    }

    @Test
    void shouldRunEveryDrainOfABatchWhenOneFails() throws Exception
    {
        on(publisher, () ->
        {
            wakeUps.batchStarted();
            wakeUps.drainLater(loop, () ->
            {
                throw new IllegalStateException("a render bug (test)");
            });
            wakeUps.drainLater(loop, () -> ran.add("second"));
            wakeUps.batchEnded();
        });
        await(() ->
        {
        });

        assertThat(ran).containsExactly("second");
    }

    private static void on(final ExecutorService thread, final Runnable action)
    {
        try
        {
            thread.submit(action).get(5, TimeUnit.SECONDS);
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }

    // Runs the action, then waits until the loop has run what was queued before.
    private void await(final Runnable action) throws InterruptedException
    {
        action.run();
        final CountDownLatch done = new CountDownLatch(1);
        loop.execute(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
