package dev.bourse.bench.e2e;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Opens many connections at once, with a bounded number of handshakes in flight. */
final class Connections
{
    private static final int HANDSHAKES_IN_FLIGHT = 64;

    private Connections()
    {
    }

    /** What {@link #open} opened, and why it stopped early (null when it did not). */
    record Opened(List<WsConnection> connections, String failure)
    {
        /** The connections, or an exception naming the failure. */
        List<WsConnection> all()
        {
            if (null != failure)
            {
                throw new IllegalStateException("opened " + connections.size() + " connections, then: " + failure);
            }
            return connections;
        }
    }

    /**
     * One connection per listener, connection i with key i (null: public), until all are open or one fails; the
     * handshakes still in flight at a failure are waited for.
     */
    static Opened open(final WsClient client, final URI ws, final IntFunction<String> keys,
        final List<? extends WsClient.Listener> listeners)
    {
        final List<CompletableFuture<WsConnection>> opening = new ArrayList<>(listeners.size());
        final List<WsConnection> open = new ArrayList<>(listeners.size());
        String failure = null;
        for (int i = 0; i < listeners.size() && null == failure; i++)
        {
            if (i >= HANDSHAKES_IN_FLIGHT)
            {
                failure = await(opening.get(i - HANDSHAKES_IN_FLIGHT), open);
            }
            opening.add(client.connect(ws, keys.apply(i), listeners.get(i)));
        }
        for (int i = Math.max(0, opening.size() - HANDSHAKES_IN_FLIGHT); i < opening.size(); i++)
        {
            final String next = await(opening.get(i), open);
            failure = null == failure ? next : failure;
        }
        return new Opened(open, failure);
    }

    private static String await(final CompletableFuture<WsConnection> opening, final List<WsConnection> open)
    {
        try
        {
            open.add(opening.get(60, TimeUnit.SECONDS));
            return null;
        }
        catch (final Exception e)
        {
            return String.valueOf(null == e.getCause() ? e : e.getCause());
        }
    }
}
