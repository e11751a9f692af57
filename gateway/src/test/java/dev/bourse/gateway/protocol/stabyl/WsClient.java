package dev.bourse.gateway.protocol.stabyl;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test client on the JDK's own WebSocket: sends literal JSON text, collects every message received. */
final class WsClient implements AutoCloseable
{
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final CompletableFuture<int[]> closed = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final List<JsonNode> backlog = new ArrayList<>();
    private final WebSocket socket;

    WsClient(final String url) throws Exception
    {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create(url), new WebSocket.Listener()
            {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
                {
                    text.append(data);
                    if (last)
                    {
                        received.add(MAPPER.readTree(text.toString()));
                        text.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(final WebSocket ws, final int statusCode, final String reason)
                {
                    closeReason.complete(reason);
                    closed.complete(new int[] {statusCode});
                    return null;
                }

                @Override
                public void onError(final WebSocket ws, final Throwable error)
                {
                    closed.complete(new int[] {-1});
                }
            }).get(10, TimeUnit.SECONDS);
    }

    void send(final String json)
    {
        socket.sendText(json, true).join();
    }

    /** The first message matching not yet taken, in arrival order; others stay for later calls. Fails after 10 s. */
    JsonNode next(final Predicate<JsonNode> matching) throws InterruptedException
    {
        for (final Iterator<JsonNode> it = backlog.iterator(); it.hasNext(); )
        {
            final JsonNode m = it.next();
            if (matching.test(m))
            {
                it.remove();
                return m;
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            final JsonNode m = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (null == m)
            {
                throw new AssertionError("no matching message within 10 s");
            }
            if (matching.test(m))
            {
                return m;
            }
            backlog.add(m);
        }
    }

    /** Every message received and not taken yet, in arrival order, without waiting for more. */
    List<JsonNode> untaken()
    {
        received.drainTo(backlog);
        return List.copyOf(backlog);
    }

    JsonNode next(final String type) throws InterruptedException
    {
        return next(m -> type.equals(m.path("type").asString()));
    }

    JsonNode nextData(final String topic) throws InterruptedException
    {
        return next(m -> "data".equals(m.path("type").asString()) && topic.equals(m.path("topic").asString()));
    }

    @Override
    public void close()
    {
        socket.abort();
    }
}
