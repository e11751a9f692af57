package dev.bourse.bench.e2e;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The Stabyl commands the generator sends, written into a reused builder. Request ids are "r" and a number, so a
 * reply finds its request without a map.
 */
final class OrderText
{
    private static final AtomicLong RUNS = new AtomicLong();

    private OrderText()
    {
    }

    static StringBuilder create(
        final StringBuilder text, final long request, final String side, final String price, final String quantity,
        final String timeInForce)
    {
        text.setLength(0);
        return text.append("{\"type\":\"command\",\"request_id\":\"r").append(request)
            .append("\",\"action\":\"order_create\",\"pair_id\":\"").append(BenchVenue.PAIR)
            .append("\",\"side\":\"").append(side).append("\",\"order_type\":\"limit\",\"quantity\":\"")
            .append(quantity).append("\",\"price\":\"").append(price).append("\",\"time_in_force\":\"")
            .append(timeInForce).append("\",\"client_order_id\":\"c").append(request).append("\"}");
    }

    static StringBuilder cancel(final StringBuilder text, final long request, final String orderId)
    {
        return cancel(text, request, "order_id", orderId);
    }

    private static StringBuilder cancel(
        final StringBuilder text, final long request, final String idField, final CharSequence id)
    {
        text.setLength(0);
        return text.append("{\"type\":\"command\",\"request_id\":\"r").append(request)
            .append("\",\"action\":\"order_cancel\",\"").append(idField).append("\":\"").append(id).append("\"}");
    }

    /**
     * A resting order of the order-entry scenarios: buys and sells alternate, each on one of 50 levels either side,
     * never crossing, so every order rests and the book keeps a realistic shape.
     */
    static StringBuilder resting(final StringBuilder text, final long request)
    {
        return resting(text, request, request);
    }

    /**
     * Round trips sent open loop: on every even request a resting order, placed as {@link #resting} places its
     * n-th, and on the odd one after it the cancel of that order by its client order id. The book keeps its size
     * however long the run: creates alone grew it past a million orders, more than the server's heap was sized for.
     */
    static StringBuilder restingThenCancelled(final StringBuilder text, final long request)
    {
        if (0 == (request & 1))
        {
            return resting(text, request, request >> 1);
        }
        return cancel(text, request, "client_order_id", "c" + (request - 1));
    }

    private static StringBuilder resting(final StringBuilder text, final long request, final long n)
    {
        final long level = (n / 2) % 50;
        final boolean buy = 0 == (n & 1);
        final String price = buy ? (59_950 - level) + ".00" : (60_050 + level) + ".00";
        return create(text, request, buy ? "buy" : "sell", price, "0.010000", "GTC");
    }

    /**
     * The first request number of a new flow: flows never share numbers, so a warm-up's commands are never taken for
     * retries (same idempotency key) of the measured ones. A multiple of 2^32, so low bits index per-flow arrays.
     */
    static long firstRequest()
    {
        return RUNS.incrementAndGet() << 32;
    }

    /** The number in a request id "rN". */
    static long requestNumber(final String requestId)
    {
        if (null == requestId || requestId.length() < 2 || requestId.charAt(0) != 'r')
        {
            throw new IllegalStateException("not one of the generator's request ids: " + requestId);
        }
        return Long.parseLong(requestId, 1, requestId.length(), 10);
    }
}
