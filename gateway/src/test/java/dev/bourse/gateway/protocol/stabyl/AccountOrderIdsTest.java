package dev.bourse.gateway.protocol.stabyl;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** An account's order ids: newest first through growth and compaction, and whole while read as they change. */
class AccountOrderIdsTest
{
    @Test
    void shouldVisitTheKeptIdsNewestFirstAfterCompactions()
    {
        final AccountOrderIds ids = new AccountOrderIds();
        final LongOpenHashSet kept = new LongOpenHashSet();
        churn(ids, kept, 10_000);
        final List<Long> visited = new ArrayList<>();
        ids.newestFirst(id ->
        {
            if (kept.contains(id))
            {
                visited.add(id);
            }
            return true;
        });
        final List<Long> expected = new ArrayList<>();
        for (long id = 10_000; id >= 1; id--)
        {
            if (kept.contains(id))
            {
                expected.add(id);
            }
        }
        assertThat(visited).isEqualTo(expected);
        final int[] all = {0};
        ids.newestFirst(id -> ++all[0] > 0);
        assertThat(all[0]).as("ids let go are copied out").isLessThan(2 * expected.size() + 16);
        final List<Long> firstThree = new ArrayList<>();
        ids.newestFirst(id -> firstThree.add(id) && firstThree.size() < 3);
        assertThat(firstThree).containsExactly(10_000L, 9_999L, 9_998L);
    }

    @Test
    void shouldReadEveryKeptIdInOrderWhileIdsComeAndGo() throws Exception
    {
        final AccountOrderIds ids = new AccountOrderIds();
        final LongOpenHashSet kept = new LongOpenHashSet();
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            while (!done.get() && null == failure.get())
            {
                final long[] last = {Long.MAX_VALUE};
                final long[] hundredths = {0};
                final long[] newest = {0};
                ids.newestFirst(id ->
                {
                    if (id >= last[0] || id <= 0)
                    {
                        failure.set("id " + id + " after " + last[0]);
                    }
                    newest[0] = Math.max(newest[0], id);
                    last[0] = id;
                    hundredths[0] += id % 100 == 0 ? 1 : 0;
                    return true;
                });
                // Each hundredth id is never let go: all of them up to the newest read must have been read.
                if (hundredths[0] != newest[0] / 100)
                {
                    failure.set(hundredths[0] + " hundredths read up to " + newest[0]);
                }
            }
        });
        reader.start();
        try
        {
            churn(ids, kept, 300_000);
        }
        finally
        {
            done.set(true);
            reader.join();
        }
        assertThat(failure.get()).isNull();
    }

    // Adds ids 1 to last; every id but each hundredth is let go 30 ids later.
    private static void churn(final AccountOrderIds ids, final LongOpenHashSet kept, final long last)
    {
        for (long id = 1; id <= last; id++)
        {
            ids.add(id);
            kept.add(id);
            final long old = id - 30;
            if (old > 0 && old % 100 != 0)
            {
                kept.remove(old);
                ids.removed(kept::contains);
            }
        }
    }
}
