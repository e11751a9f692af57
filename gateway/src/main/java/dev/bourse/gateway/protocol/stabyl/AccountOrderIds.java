package dev.bourse.gateway.protocol.stabyl;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * An account's order ids in the order they were placed, which is their order: appended by the publisher thread alone,
 * read newest first by any thread without a lock. An id let go stays until the list is compacted, and readers pass
 * over it; so a kept order costs eight bytes here rather than a node of a skip list and a boxed id.
 */
final class AccountOrderIds
{
    private static final int MIN_CAPACITY = 16;

    /** Ids {@code [0, count)} never change once written; the writer appends in place or publishes a new run. */
    private static final class Run
    {
        final long[] ids;
        volatile int count;

        Run(final long[] ids, final int count)
        {
            this.ids = ids;
            this.count = count;
        }
    }

    private volatile Run run = new Run(new long[MIN_CAPACITY], 0);
    // The writer's alone: ids appended and not let go since.
    private int live;

    /**
     * Appends an order id, larger than every one before: ids are sequence numbers. Reading a snapshot appends them out
     * of order, then sorts. The publisher thread only.
     */
    void add(final long orderId)
    {
        Run r = run;
        final int count = r.count;
        if (count == r.ids.length)
        {
            r = new Run(Arrays.copyOf(r.ids, 2 * count), count);
            run = r;
        }
        r.ids[count] = orderId;
        // The volatile write publishes the id to readers of this run.
        r.count = count + 1;
        live++;
    }

    /**
     * Notes that an order was let go; once the ids let go outnumber the kept ones, copies out those {@code kept} still
     * holds (the order just let go no longer). The publisher thread only.
     */
    void removed(final LongPredicate kept)
    {
        live--;
        final Run r = run;
        if (r.count > MIN_CAPACITY && r.count > 2 * live)
        {
            long[] ids = new long[Math.max(MIN_CAPACITY, 2 * live)];
            int n = 0;
            for (int i = 0; i < r.count; i++)
            {
                if (kept.test(r.ids[i]))
                {
                    if (n == ids.length)
                    {
                        ids = Arrays.copyOf(ids, 2 * n);
                    }
                    ids[n++] = r.ids[i];
                }
            }
            run = new Run(ids, n);
            live = n;
        }
    }

    /** Puts the ids in order after a snapshot appended them as it held them. The publisher thread only. */
    void sort()
    {
        final Run r = run;
        final long[] ids = Arrays.copyOf(r.ids, r.ids.length);
        Arrays.sort(ids, 0, r.count);
        run = new Run(ids, r.count);
    }

    /** Visits the ids newest first until {@code visitor} says stop; any thread. Some may have been let go. */
    void newestFirst(final LongPredicate visitor)
    {
        final Run r = run;
        for (int i = r.count - 1; i >= 0; i--)
        {
            if (!visitor.test(r.ids[i]))
            {
                return;
            }
        }
    }
}
