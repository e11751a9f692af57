package dev.bourse.gateway.protocol.stabyl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two accounts trade at random while public clients keep their own copy of the order book from a snapshot and the
 * deltas alone. Every message must continue the sequence and carry the checksum of the book the client now holds;
 * at the end every copy equals the REST snapshot. The seed fixes each trader's commands (their interleaving is up to
 * the machine); rerun one with {@code -Dbourse.seed=N}.
 */
class BookRebuildTest
{
    private static final String TOPIC = "orderbook.USD_NGN";
    private static final int COMMANDS_PER_TRADER = 1_500;
    private static final int IN_FLIGHT = 32;
    private static final Pattern PRICE = Pattern.compile("\\d+\\.\\d{2}");
    private static final Pattern QUANTITY = Pattern.compile("\\d+\\.\\d{2}");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final long seed = Long.getLong("bourse.seed", System.nanoTime());
    private Venue venue;
    private final List<WsClient> clients = new ArrayList<>();
    private ExecutorService traders;

    @BeforeEach
    void start() throws Exception
    {
        System.out.println("BookRebuildTest seed " + seed + " (rerun with -Dbourse.seed=" + seed + ")");
        venue = Venue.seeded(dir);
        traders = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws Exception
    {
        traders.shutdownNow();
        clients.forEach(WsClient::close);
        venue.close();
    }

    @Test
    void shouldLetEveryClientRebuildTheBookFromSnapshotAndDeltas() throws Throwable
    {
        try
        {
            tradeAndRebuild();
        }
        catch (final Throwable t)
        {
            // Whatever failed, the seed is what it takes to look again.
            final AssertionError withSeed = new AssertionError("seed " + seed + " (rerun with -Dbourse.seed="
                + seed + "): " + t.getMessage(), t);
            throw withSeed;
        }
    }

    private void tradeAndRebuild() throws Exception
    {
        final Mirror early = Mirror.subscribe(connect(null), "early");
        assertThat(early.seq).as("seq of the first snapshot").isZero();

        final AtomicInteger answered = new AtomicInteger();
        final Future<Trader> alice = traders.submit(() -> new Trader("a", connect(Venue.KEY_A), seed + 1, answered)
            .run());
        final Future<Trader> bob = traders.submit(() -> new Trader("b", connect(Venue.KEY_B), seed + 2, answered)
            .run());

        // Joins mid-stream, while deltas are being published, so its snapshot and first delta must fit exactly.
        Mirror midway = null;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(alice.isDone() && bob.isDone()))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("trading still going after 60 s");
            }
            if (null == midway && answered.get() >= COMMANDS_PER_TRADER)
            {
                midway = Mirror.subscribe(connect(null), "midway");
            }
            early.applyAvailable(10);
            if (null != midway)
            {
                midway.applyAvailable(0);
            }
        }
        final Trader a = alice.get();
        final Trader b = bob.get();
        assertThat(midway).as("the mid-stream subscriber joined").isNotNull();

        final JsonNode rest = quietRestSnapshot(early, midway);
        final long lastSeq = rest.path("seq").asLong();
        assertThat(rest.path("sequence").asLong()).isEqualTo(lastSeq);
        assertThat(rest.path("epoch").asString()).isEqualTo(early.epoch);
        assertThat(rest.path("checksum").asLong()).as("REST checksum").isEqualTo(early.checksum());
        for (final Mirror mirror : List.of(early, midway))
        {
            assertThat(mirror.seq).as("%s: last seq", mirror.name).isEqualTo(lastSeq);
            assertThat(mirror.asks()).as("%s: asks", mirror.name).isEqualTo(levels(rest.path("asks")));
            assertThat(mirror.bids()).as("%s: bids", mirror.name).isEqualTo(levels(rest.path("bids")));
        }

        final Mirror late = Mirror.subscribe(connect(null), "late");
        assertThat(late.seq).as("late: snapshot seq").isEqualTo(lastSeq);
        assertThat(late.asks()).as("late: asks").isEqualTo(early.asks());
        assertThat(late.bids()).as("late: bids").isEqualTo(early.bids());

        // A book that never moved or never got deep would prove little.
        assertThat(a.trades + b.trades).as("orders that traded").isGreaterThan(100);
        assertThat(early.maxDepth).as("deepest side seen").isGreaterThan(25);
        System.out.printf("BookRebuildTest seed %d: %d deltas, %d levels at most, %d orders traded, "
                + "%d cancels (%d already gone), %d/%d levels left%n", seed, early.deltas, early.maxDepth,
            a.trades + b.trades, a.cancels + b.cancels, a.cancelsNotFound + b.cancelsNotFound, early.bids.size(),
            early.asks.size());
    }

    /** The REST snapshot once nothing moves: every mirror has caught up with it and a second read agrees. */
    private JsonNode quietRestSnapshot(final Mirror... mirrors) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode previous = null;
        while (System.nanoTime() < deadline)
        {
            final JsonNode rest = restSnapshot();
            final long seq = rest.path("seq").asLong();
            for (final Mirror mirror : mirrors)
            {
                while (mirror.seq < seq && System.nanoTime() < deadline)
                {
                    mirror.applyAvailable(10);
                }
            }
            if (null != previous && previous.path("seq").asLong() == seq)
            {
                return rest;
            }
            previous = rest;
        }
        throw new AssertionError("the book did not settle within 10 s");
    }

    private JsonNode restSnapshot() throws Exception
    {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(venue.httpUrl("/exchange/orderbook/USD_NGN/snapshot"))).timeout(Duration.ofSeconds(5))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body()).path("data");
    }

    private WsClient connect(final String key) throws Exception
    {
        final WsClient client = new WsClient(venue.wsUrl() + (null == key ? "" : "?token=" + key));
        synchronized (clients)
        {
            clients.add(client);
        }
        return client;
    }

    private static List<String> levels(final JsonNode array)
    {
        final List<String> levels = new ArrayList<>();
        for (final JsonNode level : array)
        {
            levels.add(level.path("price").asString() + ":" + level.path("quantity").asString());
        }
        return levels;
    }

    /** CRC-32 of the best 25 asks ascending, '#', the best 25 bids descending, as the spec defines it. */
    static long checksum(final List<String> asks, final List<String> bids)
    {
        final CRC32 crc = new CRC32();
        crc.update(checksumText(asks, bids).getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static String checksumText(final List<String> asks, final List<String> bids)
    {
        return String.join("|", asks.subList(0, Math.min(25, asks.size()))) + "#"
            + String.join("|", bids.subList(0, Math.min(25, bids.size())));
    }

    /** One account sending random orders and cancels, at most {@link #IN_FLIGHT} unanswered. */
    private static final class Trader
    {
        private final String name;
        private final WsClient client;
        private final Random random;
        private final AtomicInteger answeredAll;
        private final Map<String, String> pending = new HashMap<>();
        private final List<String> resting = new ArrayList<>();
        int trades;
        int cancels;
        int cancelsNotFound;

        Trader(final String name, final WsClient client, final long seed, final AtomicInteger answeredAll)
        {
            this.name = name;
            this.client = client;
            this.random = new Random(seed);
            this.answeredAll = answeredAll;
        }

        Trader run() throws InterruptedException
        {
            int sent = 0;
            int answered = 0;
            while (answered < COMMANDS_PER_TRADER)
            {
                while (sent < COMMANDS_PER_TRADER && sent - answered < IN_FLIGHT)
                {
                    send(name + "-" + sent++);
                }
                final JsonNode reply = client.received.poll(10, TimeUnit.SECONDS);
                assertThat(reply).as("%s: a reply within 10 s, %d of %d answered", name, answered, sent).isNotNull();
                handle(reply);
                answered++;
                answeredAll.incrementAndGet();
            }
            assertThat(pending).as("%s: commands never answered", name).isEmpty();
            return this;
        }

        private void send(final String requestId)
        {
            if (!resting.isEmpty() && random.nextInt(100) < 12)
            {
                final String orderId = resting.remove(random.nextInt(resting.size()));
                pending.put(requestId, "order_cancel");
                client.send("{\"type\":\"command\",\"request_id\":\"" + requestId
                    + "\",\"action\":\"order_cancel\",\"order_id\":\"" + orderId + "\"}");
                return;
            }
            final int tif = random.nextInt(10);
            pending.put(requestId, "order_create");
            client.send("{\"type\":\"command\",\"request_id\":\"" + requestId + "\",\"action\":\"order_create\","
                + "\"pair_id\":\"USD/NGN\",\"side\":\"" + (random.nextBoolean() ? "buy" : "sell")
                + "\",\"order_type\":\"limit\",\"price\":\"" + cents(1650_00 + random.nextInt(-200, 201))
                + "\",\"quantity\":\"" + cents(random.nextInt(1, 501)) + "\",\"time_in_force\":\""
                + (tif < 8 ? "GTC" : tif < 9 ? "IOC" : "POST_ONLY") + "\"}");
        }

        private void handle(final JsonNode reply)
        {
            final String requestId = reply.path("request_id").asString();
            final String action = pending.remove(requestId);
            assertThat(action).as("%s: a reply to a command it sent: %s", name, reply).isNotNull();
            final String type = reply.path("type").asString();
            if (action.equals("order_cancel"))
            {
                cancels++;
                // The order may have filled since its ack; then there is nothing left to cancel.
                if (type.equals("command_error"))
                {
                    assertThat(reply.path("error").path("code").asString()).as(reply.toString())
                        .isEqualTo("NOT_FOUND");
                    cancelsNotFound++;
                }
                else
                {
                    assertThat(type).as(reply.toString()).isEqualTo("command_ack");
                }
                return;
            }
            assertThat(type).as("%s: every order is valid: %s", name, reply).isEqualTo("command_ack");
            final String status = reply.path("status").asString();
            if (status.equals("accepted") || status.equals("partially_filled"))
            {
                resting.add(reply.path("order_id").asString());
            }
            if (status.equals("partially_filled") || status.equals("filled"))
            {
                trades++;
            }
        }

        private static String cents(final long value)
        {
            return BigDecimal.valueOf(value, 2).toPlainString();
        }
    }

    /** A public client's own copy of the book, kept from one snapshot and the deltas after it. */
    private static final class Mirror
    {
        private final String name;
        private final WsClient client;
        private final TreeMap<BigDecimal, String> bids = new TreeMap<>(Collections.reverseOrder());
        private final TreeMap<BigDecimal, String> asks = new TreeMap<>();
        private String epoch;
        private long seq;
        long deltas;
        int maxDepth;

        private Mirror(final String name, final WsClient client)
        {
            this.name = name;
            this.client = client;
        }

        static Mirror subscribe(final WsClient client, final String name) throws InterruptedException
        {
            final Mirror mirror = new Mirror(name, client);
            client.send("{\"type\":\"subscribe\",\"topics\":[\"" + TOPIC + "\"],\"snapshot\":true}");
            final JsonNode subscribed = client.received.poll(10, TimeUnit.SECONDS);
            assertThat(subscribed).as("%s: an answer to subscribe", name).isNotNull();
            assertThat(subscribed.path("type").asString()).as("%s: the first message: %s", name, subscribed)
                .isEqualTo("subscribed");
            mirror.epoch = subscribed.path("epoch").asString();
            final JsonNode snapshot = subscribed.path("snapshots").get(0);
            assertThat(snapshot.path("topic").asString()).as("%s: snapshot topic", name).isEqualTo(TOPIC);
            mirror.seq = snapshot.path("seq").asLong();
            final JsonNode data = snapshot.path("data");
            assertThat(data.path("sequence").asLong()).as("%s: snapshot sequence", name).isEqualTo(mirror.seq);
            mirror.load(data.path("bids"), mirror.bids, "bids");
            mirror.load(data.path("asks"), mirror.asks, "asks");
            assertThat(levels(data.path("bids"))).as("%s: snapshot bids best first", name).isEqualTo(mirror.bids());
            assertThat(levels(data.path("asks"))).as("%s: snapshot asks best first", name).isEqualTo(mirror.asks());
            assertThat(data.path("checksum").asLong()).as("%s: snapshot checksum", name).isEqualTo(mirror.checksum());
            return mirror;
        }

        private void load(final JsonNode levels, final TreeMap<BigDecimal, String> side, final String sideName)
        {
            for (final JsonNode level : levels)
            {
                final String price = level.path("price").asString();
                final String quantity = level.path("quantity").asString();
                assertThat(price).as("%s: snapshot %s price", name, sideName).matches(PRICE);
                assertThat(quantity).as("%s: snapshot %s quantity at %s", name, sideName, price).matches(QUANTITY);
                assertThat(side.put(new BigDecimal(price), price + ":" + quantity))
                    .as("%s: snapshot %s has %s twice", name, sideName, price).isNull();
            }
        }

        /** Applies every message already received, waiting up to {@code waitMillis} for the first. */
        void applyAvailable(final long waitMillis) throws InterruptedException
        {
            JsonNode message = client.received.poll(waitMillis, TimeUnit.MILLISECONDS);
            while (null != message)
            {
                apply(message);
                message = client.received.poll();
            }
        }

        private void apply(final JsonNode message)
        {
            final String at = name + " after seq " + seq + ": " + message;
            assertThat(message.path("type").asString()).as(at).isEqualTo("data");
            assertThat(message.path("topic").asString()).as(at).isEqualTo(TOPIC);
            assertThat(message.path("epoch").asString()).as(at).isEqualTo(epoch);
            final long next = message.path("seq").asLong();
            assertThat(next).as("seq, " + at).isEqualTo(seq + 1);
            final JsonNode data = message.path("data");
            assertThat(data.path("sequence").asLong()).as("sequence, " + at).isEqualTo(next);
            assertThat(data.path("pair_id").asString()).as(at).isEqualTo("USD/NGN");
            applySide(data.path("bids"), bids, at);
            applySide(data.path("asks"), asks, at);
            seq = next;
            deltas++;
            maxDepth = Math.max(maxDepth, Math.max(bids.size(), asks.size()));
            assertThat(data.path("checksum").asLong()).as("checksum of <%s>, %s", checksumText(asks(), bids()), at)
                .isEqualTo(checksum());
            if (!bids.isEmpty() && !asks.isEmpty())
            {
                assertThat(bids.firstKey()).as("book crossed, " + at).isLessThan(asks.firstKey());
            }
        }

        private static void applySide(final JsonNode levels, final TreeMap<BigDecimal, String> side, final String at)
        {
            for (final JsonNode level : levels)
            {
                final String price = level.path("price").asString();
                final String quantity = level.path("quantity").asString();
                assertThat(price).as("price, " + at).matches(PRICE);
                if (quantity.equals("0"))
                {
                    assertThat(side.remove(new BigDecimal(price))).as("removed level %s was there, %s", price, at)
                        .isNotNull();
                }
                else
                {
                    assertThat(quantity).as("quantity, " + at).matches(QUANTITY);
                    assertThat(new BigDecimal(quantity).signum()).as("quantity, " + at).isPositive();
                    side.put(new BigDecimal(price), price + ":" + quantity);
                }
            }
        }

        List<String> bids()
        {
            return new ArrayList<>(bids.values());
        }

        List<String> asks()
        {
            return new ArrayList<>(asks.values());
        }

        long checksum()
        {
            return BookRebuildTest.checksum(asks(), bids());
        }
    }
}
