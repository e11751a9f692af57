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
    static final int HANDSHAKES_IN_FLIGHT = 64;

    private Connections()
    {
    }

    /** One connection per listener; connection i uses key i (null: public). Fails if any cannot be opened. */
    static List<WsConnection> open(final WsClient client, final URI ws, final IntFunction<String> keys,
        final List<? extends WsClient.Listener> listeners) throws Exception
    {
        final List<CompletableFuture<WsConnection>> opening = new ArrayList<>(listeners.size());
        final List<WsConnection> open = new ArrayList<>(listeners.size());
        for (int i = 0; i < listeners.size(); i++)
        {
            if (i >= HANDSHAKES_IN_FLIGHT)
            {
                open.add(opening.get(i - HANDSHAKES_IN_FLIGHT).get(60, TimeUnit.SECONDS));
            }
            opening.add(client.connect(ws, keys.apply(i), listeners.get(i)));
        }
        for (int i = open.size(); i < opening.size(); i++)
        {
            open.add(opening.get(i).get(60, TimeUnit.SECONDS));
        }
        return open;
    }
}
