package dev.bourse.bench.e2e;

import java.net.URI;
import java.util.function.IntFunction;

/**
 * What the generator drives: the Bourse gateway, or the echo floor that answers each message with itself.
 *
 * @param name   "bourse" or "echo", as printed.
 * @param ws     the WebSocket URL.
 * @param keys   the API key of account i, or null for every account (the echo server has no accounts).
 * @param echo   whether replies are the messages sent, echoed.
 */
record Target(String name, URI ws, IntFunction<String> keys, boolean echo)
{
    String key(final int account)
    {
        return keys.apply(account);
    }

    static Target bourse(final BenchVenue venue)
    {
        return new Target("bourse", venue.ws(), venue::key, false);
    }

    static Target echo(final int port)
    {
        return new Target("echo", URI.create("ws://127.0.0.1:" + port + "/v1/ws"), i -> null, true);
    }
}
