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
    // Every call runs on this one thread, which the first batch end makes the publisher.
    private final ExecutorService publisher = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop()
    {
        publisher.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void shouldHoldThePublishersDrainsUntilItsBatchEndsAndRunOthersAtOnce() throws Exception
    {
        onPublisher(wakeUps::batchEnded);
        onPublisher(() -> wakeUps.drainLater(loop, () -> ran.add("publisher")));
        await(() -> wakeUps.drainLater(loop, () -> ran.add("other thread")));
        assertThat(ran).containsExactly("other thread");

        onPublisher(wakeUps::batchEnded);
        await(() ->
        {
        });
        assertThat(ran).containsExactly("other thread", "publisher");
    }

    @Test
    void shouldRunEveryDrainOfABatchWhenOneFails() throws Exception
    {
        onPublisher(wakeUps::batchEnded);
        onPublisher(() ->
        {
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

    private void onPublisher(final Runnable action) throws Exception
    {
        publisher.submit(action).get(5, TimeUnit.SECONDS);
    }

    // Runs the action on this thread, then waits until the loop has run what was queued before.
    private void await(final Runnable action) throws InterruptedException
    {
        action.run();
        final CountDownLatch done = new CountDownLatch(1);
        loop.execute(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
