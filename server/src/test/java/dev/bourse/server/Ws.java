package dev.bourse.server;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test client on the JDK's WebSocket: sends literal JSON, collects every message and the close code. */
final class Ws implements AutoCloseable
{
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    Ws(final String url) throws Exception
    {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
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
                    closeCode.complete(statusCode);
                    return null;
                }

                @Override
                public void onError(final WebSocket ws, final Throwable error)
                {
                    closeCode.complete(-1);
                }
            }).get(10, TimeUnit.SECONDS);
    }

    void send(final String json)
    {
        socket.sendText(json, true).join();
    }

    /** The next message matching, skipping others, or fails after the time given. */
    JsonNode await(final Predicate<JsonNode> matching, final long millis) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + millis;
        while (true)
        {
            final long left = deadline - System.currentTimeMillis();
            final JsonNode next = left <= 0 ? null : received.poll(left, TimeUnit.MILLISECONDS);
            if (null == next)
            {
                throw new AssertionError("no matching message within " + millis + " ms");
            }
            if (matching.test(next))
            {
                return next;
            }
        }
    }

    @Override
    public void close()
    {
        socket.abort();
    }
}
