package dev.bourse.gateway.net;

import io.netty.channel.SelectStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyPollingTest
{
    private static final long US = 1_000;
    private long now = 1_000_000;
    private final ReplyPolling polling = new ReplyPolling(() -> now);
    private final AtomicInteger selectsNow = new AtomicInteger();
    private int ready;
    private int awaited;

    @AfterEach
    void settle()
    {
        ReplyPolling.repliesSettled(awaited);
    }

    @Test
    void shouldSleepWithoutPollingWhenNoReplyIsAwaited() throws Exception
    {
        shortSpells(30);
        selectsNow.set(0);

        assertThat(strategy(false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(selectsNow).hasValue(0);
    }

    @Test
    void shouldPollForAnAwaitedReplyWhenWorkHasLatelyComeBackSoon() throws Exception
    {
        await(1);
        shortSpells(30);

        assertThat(strategy(false)).isEqualTo(SelectStrategy.CONTINUE);
        now += 50 * US;
        assertThat(strategy(false)).isEqualTo(SelectStrategy.CONTINUE);
        ready = 2;
        assertThat(strategy(false)).as("sockets ready while polling").isEqualTo(2);
        ready = 0;
        now += 5 * US;
        assertThat(strategy(true)).as("a task queued").isZero();
    }

    @Test
    void shouldSleepOnceThePollHasLastedItsLimit() throws Exception
    {
        await(1);
        shortSpells(30);

        assertThat(strategy(false)).isEqualTo(SelectStrategy.CONTINUE);
        now += 100 * US;
        assertThat(strategy(false)).isEqualTo(SelectStrategy.SELECT);
    }

    @Test
    void shouldStopPollingWhenRepliesComeLate() throws Exception
    {
        await(1);
        shortSpells(30);
        for (int i = 0; i < 10; i++)
        {
            // Polls until its limit, then sleeps; an fsync later the reply wakes it.
            while (SelectStrategy.CONTINUE == strategy(false))
            {
                now += 10 * US;
            }
            now += 400 * US;
            strategy(true);
        }

        assertThat(strategy(false)).isEqualTo(SelectStrategy.SELECT);
    }

    @Test
    void shouldStopPollingOnceTheAwaitedRepliesHaveSettled() throws Exception
    {
        await(2);
        shortSpells(30);
        assertThat(strategy(false)).isEqualTo(SelectStrategy.CONTINUE);

        ReplyPolling.repliesSettled(2);
        awaited = 0;
        assertThat(strategy(false)).isEqualTo(SelectStrategy.SELECT);
    }

    private void await(final int replies)
    {
        for (int i = 0; i < replies; i++)
        {
            ReplyPolling.replyAwaited();
        }
        awaited += replies;
    }

    // Idle spells of 10 us, each ended by a task, as when replies come back soon.
    private void shortSpells(final int count) throws Exception
    {
        for (int i = 0; i < count; i++)
        {
            strategy(false);
            now += 10 * US;
            strategy(true);
            now += US;
        }
    }

    private int strategy(final boolean hasTasks) throws Exception
    {
        return polling.calculateStrategy(() ->
        {
            selectsNow.incrementAndGet();
            return ready;
        }, hasTasks);
    }
}
