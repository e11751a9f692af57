package dev.bourse.bench.e2e;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection capacity: opens idle (authenticated, on Bourse) connections, then measures the server's heap after a
 * full collection against the same figure before, and proves every connection still answers a ping.
 */
final class Capacity
{
    /** What one run measured; {@code failure} is why opening stopped early, or null. */
    record Result(int requested, int opened, long openMillis, long heapBefore, long heapAfter, long rssBefore,
        long rssAfter, long answered, String failure)
    {
        double heapPerConnection()
        {
            return (heapAfter - heapBefore) / (double)opened;
        }
    }

    private Capacity()
    {
    }

    /** @param accounts keys used in turn, on Bourse. */
    static Result run(final WsClient client, final Target target, final ChildJvm server, final int connections,
        final int accounts) throws Exception
    {
        final long heapBefore = server.heapUsedAfterGc();
        final long rssBefore = server.residentBytes();
        final LongAdder answers = new LongAdder();
        final WsClient.Listener listener = (connection, text) -> answers.increment();
        final long start = System.nanoTime();
        final Connections.Opened opened = Connections.open(client, target.ws(), i -> target.key(i % accounts),
            Collections.nCopies(connections, listener));
        final List<WsConnection> open = opened.connections();
        final long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        final long heapAfter = server.heapUsedAfterGc();
        final long rssAfter = server.residentBytes();
        for (final WsConnection c : open)
        {
            c.write("{\"type\":\"ping\",\"id\":\"capacity\"}");
            c.flush();
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answers.sum() < open.size() && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        // Wait for every socket to close, so that the next run has the file descriptors back.
        open.stream().map(WsConnection::close).toList().forEach(f -> f.awaitUninterruptibly(10_000));
        return new Result(connections, open.size(), openMillis, heapBefore, heapAfter, rssBefore, rssAfter,
            answers.sum(), opened.failure());
    }
}
