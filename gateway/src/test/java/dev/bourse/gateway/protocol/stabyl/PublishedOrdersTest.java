package dev.bourse.gateway.protocol.stabyl;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The table of published orders: a map's answers through growth and churn, and consistent reads while it changes. */
class PublishedOrdersTest
{
    @Test
    void shouldAnswerAsAMapThroughGrowthAndChurn()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final PublishedOrders table = new PublishedOrders();
        final Map<Long, OrderRecord> model = new HashMap<>();
        long nextId = 1;
        for (int step = 0; step < 200_000; step++)
        {
            final int op = random.nextInt(10);
            if (op < 5 || model.isEmpty())
            {
                final OrderRecord o = record(nextId++);
                assertThat(table.put(o)).as("seed %d, new %d", seed, o.id).isTrue();
                model.put(o.id, o);
            }
            else
            {
                final long id = 1 + (long)random.nextInt((int)nextId - 1);
                if (op < 7)
                {
                    final OrderRecord version = record(id);
                    assertThat(table.put(version)).as("seed %d, version of %d", seed, id)
                        .isEqualTo(!model.containsKey(id));
                    model.put(id, version);
                }
                else
                {
                    table.remove(id);
                    model.remove(id);
                }
            }
            if (step % 1_000 == 0)
            {
                for (long id = 1; id < nextId; id++)
                {
                    assertThat(table.get(id)).as("seed %d, step %d, id %d", seed, step, id).isSameAs(model.get(id));
                }
            }
        }
        table.clear();
        assertThat(table.get(1)).isNull();
        assertThat(table.get(nextId - 1)).isNull();
    }

    @Test
    void shouldNeverLoseAnOrderNorAnswerWithAnotherWhileReadWhereItChanges() throws Exception
    {
        final PublishedOrders table = new PublishedOrders();
        // Ids 1 to 1,000 stay, each replaced by new versions; every later id is let go soon after it comes.
        final int stayed = 1_000;
        for (long id = 1; id <= stayed; id++)
        {
            table.put(record(id));
        }
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            final Random random = new Random(7);
            while (!done.get() && null == failure.get())
            {
                final long id = 1 + random.nextInt(stayed);
                final OrderRecord kept = table.get(id);
                if (null == kept || kept.id != id)
                {
                    failure.set("order " + id + " read as " + kept);
                }
                final long churned = stayed + 1 + random.nextInt(400_000);
                final OrderRecord o = table.get(churned);
                if (null != o && o.id != churned)
                {
                    failure.set("order " + churned + " read as " + o.id);
                }
            }
        });
        reader.start();
        try
        {
            for (long id = stayed + 1; id <= stayed + 400_000; id++)
            {
                table.put(record(id));
                table.put(record(1 + id % stayed));
                if (id > stayed + 50)
                {
                    table.remove(id - 50);
                }
            }
        }
        finally
        {
            done.set(true);
            reader.join();
        }
        assertThat(failure.get()).isNull();
    }

    private static OrderRecord record(final long id)
    {
        final OrderRecord o = new OrderRecord();
        o.id = id;
        return o;
    }
}
