package dev.bourse.gateway.protocol.stabyl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input a well-behaved client never sends, over real sockets: broken WebSocket framing on a hand-made connection,
 * JSON at the edges of the limits, and broken HTTP. Each offender gets its error or its connection closed, and the
 * server goes on serving everyone else. One venue serves the whole class, so every case also checks that the cases
 * before it left the server healthy.
 */
class HostileInputTest
{
    private static final int READ_TIMEOUT_MS = 5_000;
    private static final AtomicInteger PINGS = new AtomicInteger();

    @TempDir
    static Path dir;

    private static Venue venue;
    // Opened before any hostile input: it must keep working whatever another connection does.
    private static WsClient bystander;

    @BeforeAll
    static void start() throws Exception
    {
        venue = Venue.seeded(dir);
        bystander = new WsClient(venue.wsUrl());
        assertAnswersPing(bystander);
    }

    @AfterAll
    static void stop() throws Exception
    {
        bystander.close();
        venue.close();
    }

    // ------------------------------------------------------------------------------------ WebSocket framing

    @Test
    void shouldCloseWith1007OnATextFrameThatIsNotUtf8() throws Exception
    {
        final byte[][] invalid = {
            {(byte)0xC3, 0x28},                         // a lead byte followed by no continuation byte
            {(byte)0xFF},                               // never valid anywhere
            {(byte)0xC0, (byte)0x80},                   // overlong encoding of U+0000
            {(byte)0xED, (byte)0xA0, (byte)0x80},       // an encoded surrogate, U+D800
            {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80}, // beyond U+10FFFF
        };
        for (final byte[] bad : invalid)
        {
            final byte[] message = concat("{\"type\":\"ping\",\"id\":\"".getBytes(StandardCharsets.UTF_8), bad,
                "\"}".getBytes(StandardCharsets.UTF_8));
            try (RawWs raw = RawWs.open(venue))
            {
                raw.send(RawWs.frame(true, 0, RawWs.TEXT, true, message));
                // RFC 6455 section 8.1: invalid UTF-8 in a text message fails the connection, with 1007.
                assertThat(raw.awaitClose()).as("close code for %s", HexFormat.of().formatHex(bad)).isEqualTo(1007);
            }
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseOnAReservedOpcode() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.frame(true, 0, 0x3, true, "{}".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.awaitClose()).as("close code").isEqualTo(1002);
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseOnAReservedControlOpcode() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.frame(true, 0, 0xB, true, new byte[0]));
            assertThat(raw.awaitClose()).as("close code").isEqualTo(1002);
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseOnRsvBitsNoExtensionWasAgreedFor() throws Exception
    {
        for (final int rsv : new int[] {0x40, 0x20, 0x10})
        {
            try (RawWs raw = RawWs.open(venue))
            {
                raw.send(RawWs.frame(true, rsv, RawWs.TEXT, true, RawWs.ping("rsv")));
                assertThat(raw.awaitClose()).as("close code for RSV bits %x", rsv).isEqualTo(1002);
            }
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseOnAnUnmaskedClientFrame() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.frame(true, 0, RawWs.TEXT, false, RawWs.ping("unmasked")));
            assertThat(raw.awaitClose()).as("close code").isEqualTo(1002);
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseWithoutAllocatingOnAFrameDeclaringTwoToTheSixtySecondBytes() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.header(true, RawWs.TEXT, 1L << 62));
            raw.send(new byte[] {'{', '"'});
            assertThat(raw.awaitClose()).as("close code").isEqualTo(1009);
            assertThat(raw.texts).singleElement().asString().contains("\"code\":\"message_too_large\"");
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseOnAFrameDeclaringANegativeLength() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            // The 64-bit length's most significant bit must be 0; as a signed long this is negative.
            raw.send(RawWs.header(true, RawWs.TEXT, Long.MIN_VALUE + 5));
            assertThat(raw.awaitClose()).as("close code").isEqualTo(1002);
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseOnANewMessageWhileAFragmentedOneIsUnfinished() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.frame(false, 0, RawWs.TEXT, true, "{\"type\":".getBytes(StandardCharsets.UTF_8)));
            raw.send(RawWs.frame(true, 0, RawWs.TEXT, true, RawWs.ping("interleaved")));
            assertThat(raw.awaitClose()).as("close code").isEqualTo(1002);
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseWhenFragmentsAddUpToMoreThanTheMessageLimit() throws Exception
    {
        // Each fragment is small; only their sum breaks the limit, so the server has to count across frames.
        try (RawWs raw = RawWs.open(venue))
        {
            sendFragmentsPastTheLimit(raw);
            assertThat(raw.awaitClose()).as("close code").isEqualTo(1009);
            assertThat(raw.texts).singleElement().asString().contains("\"code\":\"message_too_large\"");
        }
        assertServerHealthy();
    }

    @Test
    void shouldRunNoCommandThatCameAfterAMessageTooLarge() throws Exception
    {
        try (RawWs raw = RawWs.open(venue, 0, Venue.KEY_B))
        {
            sendFragmentsPastTheLimit(raw);
            raw.send(RawWs.frame(true, 0, RawWs.CONTINUATION, true, "\"}".getBytes(StandardCharsets.UTF_8)));
            // The refused message is finished; a whole one after it, read after the close frame went out, is let
            // through by the aggregator.
            raw.send(RawWs.frame(true, 0, RawWs.TEXT, true,
                Venue.create("after-too-large", "buy", "1600.00", "1.00").getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.awaitClose()).as("close code").isEqualTo(1009);
        }
        // Sequenced after anything the closed connection submitted: the session read its messages in order, long
        // before this answer comes back.
        final String order = "{\"pair_id\":\"USD/NGN\",\"side\":\"buy\",\"order_type\":\"limit\","
            + "\"price\":\"1600.00\",\"quantity\":\"1.00\",\"client_order_id\":\"c-after-the-close\"}";
        assertThat(venue.post("/exchange/orders", Venue.KEY_B, "after-the-close", order).statusCode()).isEqualTo(200);
        assertThat(venue.get("/exchange/orders?limit=100", Venue.KEY_B).body())
            .contains("c-after-the-close").doesNotContain("c-after-too-large");
        assertServerHealthy();
    }

    @Test
    void shouldCloseOnAContinuationWithNothingToContinue() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.frame(true, 0, RawWs.CONTINUATION, true, RawWs.ping("orphan")));
            assertThat(raw.awaitClose()).as("close code").isEqualTo(1002);
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseOnAFragmentedOrOversizedControlFrame() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.frame(false, 0, RawWs.PING, true, new byte[] {1}));
            assertThat(raw.awaitClose()).as("close code, fragmented ping").isEqualTo(1002);
        }
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.frame(true, 0, RawWs.PING, true, new byte[126]));
            assertThat(raw.awaitClose()).as("close code, 126-byte ping").isEqualTo(1002);
        }
        assertServerHealthy();
    }

    @Test
    void shouldAnswerABinaryFrameWithInvalidMessageAndKeepTheConnection() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.frame(true, 0, RawWs.BINARY, true, RawWs.ping("binary")));
            final JsonNode error = raw.nextText();
            assertThat(error.path("type").asString()).isEqualTo("error");
            assertThat(error.path("code").asString()).isEqualTo("invalid_message");
            raw.assertAnswersPing();
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseOnACloseFrameWithAnInvalidPayload() throws Exception
    {
        final byte[][] payloads = {
            {0x03},                                   // one byte: a close code needs two
            {0x03, (byte)0xED},                       // 1005: reserved, never sent on the wire
            {0x00, 0x00},                             // 0: below every defined range
            {0x03, (byte)0xE8, (byte)0xC3, 0x28},     // 1000 with a reason that is not UTF-8
        };
        for (final byte[] payload : payloads)
        {
            try (RawWs raw = RawWs.open(venue))
            {
                raw.send(RawWs.frame(true, 0, RawWs.CLOSE, true, payload));
                // After the peer's close the server may just drop the connection (RFC 6455 7.1.7 says SHOULD send).
                assertThat(raw.awaitClose()).as("close code answering %s", HexFormat.of().formatHex(payload))
                    .isIn(RawWs.NO_CLOSE_FRAME, 1002, 1007);
            }
        }
        assertServerHealthy();
    }

    @Test
    void shouldEchoAValidCloseFrameAndClose() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.frame(true, 0, RawWs.CLOSE, true, new byte[] {0x03, (byte)0xE8, 'b', 'y', 'e'}));
            assertThat(raw.awaitClose()).isEqualTo(1000);
        }
        assertServerHealthy();
    }

    @Test
    void shouldCloseAConnectionThatHangsUpMidFrame() throws Exception
    {
        try (RawWs raw = RawWs.open(venue))
        {
            raw.send(RawWs.header(true, RawWs.TEXT, 1000));
            raw.send("{\"type\"".getBytes(StandardCharsets.UTF_8));
        }
        assertServerHealthy();
    }

    // ------------------------------------------------------------------------------------ JSON

    @Test
    void shouldRefuseAQuantityOfFourHundredDigitsAsAFieldError() throws Exception
    {
        try (WsClient alice = new WsClient(venue.wsUrl() + "?token=" + Venue.KEY_A))
        {
            alice.send(command("q-str", "\"price\":\"1650.00\",\"quantity\":\"" + "9".repeat(400) + "\""));
            assertFieldError(alice.next("command_error"), "q-str", "quantity");
            alice.send(command("q-frac", "\"price\":\"1650.00\",\"quantity\":\"1." + "0".repeat(400) + "\""));
            assertFieldError(alice.next("command_error"), "q-frac", "quantity");
            assertAnswersPing(alice);
        }
    }

    @Test
    void shouldRefuseAQuantityThatIsAFourHundredDigitNumberAsAFieldErrorOfThatRequest() throws Exception
    {
        try (WsClient alice = new WsClient(venue.wsUrl() + "?token=" + Venue.KEY_A))
        {
            alice.send(command("q-num", "\"price\":\"1650.00\",\"quantity\":" + "9".repeat(400)));
            assertFieldError(alice.next(m -> m.has("type")), "q-num", "quantity");
            assertAnswersPing(alice);
        }
    }

    @Test
    void shouldRefuseANumberWhereAStringIsExpected() throws Exception
    {
        try (WsClient alice = new WsClient(venue.wsUrl() + "?token=" + Venue.KEY_A))
        {
            alice.send(command("f-price", "\"price\":1650.5,\"quantity\":\"1.00\""));
            assertFieldError(alice.next("command_error"), "f-price", "price");
            alice.send(command("f-qty", "\"price\":\"1650.00\",\"quantity\":1.0"));
            assertFieldError(alice.next("command_error"), "f-qty", "quantity");
            alice.send("{\"type\":\"subscribe\",\"topics\":[1.5]}");
            assertThat(alice.next("error").path("code").asString()).isEqualTo("invalid_message");
            alice.send("{\"type\":\"subscribe\",\"topics\":[\"trades.USD_NGN\"],\"snapshot\":1.0}");
            assertThat(alice.next("error").path("code").asString()).isEqualTo("invalid_message");
            // A key that is not a string is refused, never passed over for the request id as if it were absent.
            alice.send(command("f-key", "\"idempotency_key\":7,\"price\":\"1650.00\",\"quantity\":\"1.00\""));
            assertFieldError(alice.next("command_error"), "f-key", "idempotency_key");
            // Printable ASCII includes the space.
            alice.send(command("order 1", "\"price\":\"1600.00\",\"quantity\":\"1.00\""));
            assertThat(alice.next("command_ack").path("request_id").asString()).isEqualTo("order 1");
            assertAnswersPing(alice);
        }
    }

    @Test
    void shouldRefuseAnExponentAsAPrice() throws Exception
    {
        try (WsClient alice = new WsClient(venue.wsUrl() + "?token=" + Venue.KEY_A))
        {
            alice.send(command("e-price", "\"price\":\"1e3\",\"quantity\":\"1.00\""));
            assertFieldError(alice.next("command_error"), "e-price", "price");
            alice.send(command("e-qty", "\"price\":\"1650.00\",\"quantity\":\"1E0\""));
            assertFieldError(alice.next("command_error"), "e-qty", "quantity");
            assertAnswersPing(alice);
        }
    }

    @Test
    void shouldRefuseNestingDeeperThanSixteenAndAcceptSixteen() throws Exception
    {
        try (WsClient client = new WsClient(venue.wsUrl()))
        {
            // The envelope is level 1; the id adds the rest.
            client.send("{\"type\":\"ping\",\"id\":" + "[".repeat(16) + "]".repeat(16) + "}");
            assertThat(client.next("error").path("code").asString()).isEqualTo("invalid_message");
            client.send("{\"type\":\"ping\",\"id\":" + "[".repeat(15) + "]".repeat(15) + "}");
            assertThat(client.next("pong").path("id").toString()).isEqualTo("[".repeat(15) + "]".repeat(15));
        }
    }

    @Test
    void shouldRefuseDuplicateKeys() throws Exception
    {
        try (WsClient client = new WsClient(venue.wsUrl() + "?token=" + Venue.KEY_A))
        {
            client.send("{\"type\":\"ping\",\"type\":\"ping\",\"id\":\"dup\"}");
            assertThat(client.next("error").path("code").asString()).isEqualTo("invalid_message");
            // A duplicated price must not let one reader see one price and another the other.
            client.send(command("dup-price", "\"price\":\"1.00\",\"price\":\"1650.00\",\"quantity\":\"1.00\""));
            assertThat(client.next(m -> m.has("type")).path("code").asString()).isEqualTo("invalid_message");
            assertAnswersPing(client);
        }
    }

    @Test
    void shouldRefuseMessagesThatAreNotAnObjectWithAType() throws Exception
    {
        try (WsClient client = new WsClient(venue.wsUrl()))
        {
            for (final String message : new String[] {"{}", "[]", "[{\"type\":\"ping\"}]", "null", "\"ping\"", "42",
                "true", "{\"type\":null}", "{\"type\":7}", "{\"type\":\"ping\"} {\"type\":\"ping\"}", ""})
            {
                client.send(message);
                final JsonNode error = client.next(m -> m.has("type"));
                assertThat(error.path("type").asString()).as("answer to <%s>", message).isEqualTo("error");
                assertThat(error.path("code").asString()).as("answer to <%s>", message).isEqualTo("invalid_message");
            }
            assertAnswersPing(client);
        }
    }

    // ------------------------------------------------------------------------------------ HTTP

    @Test
    void shouldAnswerAMalformedRequestLineWithA400OrAClose() throws Exception
    {
        for (final String request : new String[] {
            "THIS IS NOT HTTP\r\n\r\n",
            "GET /v1/partner/exchange/markets HTTP/9.9 extra\r\n\r\n",
            "GET\r\n\r\n",
            "\u0000\u0001\u0002\u0003\r\n\r\n",
            "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /v1/partner/exchange/markets HTTP/1.1\r\nthis header has no colon\r\n\r\n",
            "GET /v1/partner/exchange/markets HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
        })
        {
            try (Socket socket = rawSocket())
            {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                final String statusLine = readStatusLineOrEof(socket);
                assertThat(statusLine).as("answer to %.40s", request.replace("\r\n", "\\r\\n"))
                    .satisfiesAnyOf(s -> assertThat(s).isEmpty(), s -> assertThat(s).startsWith("HTTP/1.1 400"),
                        s -> assertThat(s).startsWith("HTTP/1.0 400"), s -> assertThat(s).contains(" 431 "),
                        s -> assertThat(s).contains(" 414 "));
            }
        }
        assertServerHealthy();
    }

    @Test
    void shouldRefuseARestBodyOver64KiBAndKeepServing() throws Exception
    {
        final byte[] body = ("{\"pair_id\":\"USD/NGN\",\"side\":\"buy\",\"order_type\":\"limit\",\"price\":\"1600.00\","
            + "\"quantity\":\"1.00\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        final String headers = "POST /v1/partner/exchange/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "X-Api-Key: " + Venue.KEY_A + "\r\nIdempotency-Key: big-1\r\nContent-Type: application/json\r\n";
        try (Socket socket = rawSocket())
        {
            writeIgnoringReset(socket, (headers + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), body);
            assertThat(readStatusLineOrEof(socket)).satisfiesAnyOf(s -> assertThat(s).isEmpty(),
                s -> assertThat(s).startsWith("HTTP/1.1 413"));
        }
        // Chunked: no length up front, so the limit has to hold while the body streams in.
        try (Socket socket = rawSocket())
        {
            final ByteArrayOutputStream chunked = new ByteArrayOutputStream();
            for (int at = 0; at < body.length; at += 8192)
            {
                final int n = Math.min(8192, body.length - at);
                chunked.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                chunked.write(body, at, n);
                chunked.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            chunked.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            writeIgnoringReset(socket, (headers.replace("big-1", "big-2") + "Transfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), chunked.toByteArray());
            assertThat(readStatusLineOrEof(socket)).satisfiesAnyOf(s -> assertThat(s).isEmpty(),
                s -> assertThat(s).startsWith("HTTP/1.1 413"));
        }
        // Neither oversized order may have been placed.
        final HttpResponse<String> orders = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(venue.httpUrl("/exchange/orders"))).header("X-Api-Key", Venue.KEY_A)
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(orders.body()).doesNotContain("\"price\":\"1600.00\"");
        assertServerHealthy();
    }

    // ------------------------------------------------------------------------------------ helpers

    private static String command(final String requestId, final String priceAndQuantity)
    {
        return "{\"type\":\"command\",\"request_id\":\"" + requestId + "\",\"action\":\"order_create\","
            + "\"pair_id\":\"USD/NGN\",\"side\":\"buy\",\"order_type\":\"limit\"," + priceAndQuantity + "}";
    }

    private static void assertFieldError(final JsonNode reply, final String requestId, final String field)
    {
        assertThat(reply.path("request_id").asString()).as(reply.toString()).isEqualTo(requestId);
        assertThat(reply.path("error").path("code").asString()).as(reply.toString()).isEqualTo("VALIDATION_FAILED");
        assertThat(reply.path("error").path("field").asString()).as(reply.toString()).isEqualTo(field);
    }

    private static void assertAnswersPing(final WsClient client) throws InterruptedException
    {
        final String id = "p-" + PINGS.incrementAndGet();
        client.send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        assertThat(client.next(m -> "pong".equals(m.path("type").asString()) && id.equals(m.path("id").asString())))
            .isNotNull();
    }

    // The connection opened before the attack still answers, and a new one can be opened and used.
    // Each fragment is small; only their sum breaks the limit. The message is left unfinished.
    private static void sendFragmentsPastTheLimit(final RawWs raw) throws IOException
    {
        raw.send(RawWs.frame(false, 0, RawWs.TEXT, true, "{\"type\":\"ping\",\"id\":\"".getBytes(
            StandardCharsets.UTF_8)));
        final byte[] fragment = RawWs.frame(false, 0, RawWs.CONTINUATION, true,
            "x".repeat(32 * 1024).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++)
        {
            raw.send(fragment);
        }
    }

    private static void assertServerHealthy() throws Exception
    {
        assertAnswersPing(bystander);
        try (WsClient fresh = new WsClient(venue.wsUrl() + "?token=" + Venue.KEY_B))
        {
            assertAnswersPing(fresh);
        }
        try (RawWs raw = RawWs.open(venue))
        {
            raw.assertAnswersPing();
        }
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static Socket rawSocket() throws IOException
    {
        final Socket socket = new Socket("127.0.0.1", venue.gateway.port());
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    // The server may answer and close before it has read everything; a reset while writing is one of its answers.
    private static void writeIgnoringReset(final Socket socket, final byte[]... parts)
    {
        try
        {
            final OutputStream out = socket.getOutputStream();
            for (final byte[] part : parts)
            {
                out.write(part);
            }
            out.flush();
        }
        catch (final IOException e)
        {
            // Read what the server said, if anything, below.
        }
    }

    /** The response's status line, or "" when the server closed without one; a read timeout fails the test. */
    private static String readStatusLineOrEof(final Socket socket) throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        final InputStream in = socket.getInputStream();
        try
        {
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read())
            {
                line.write(b);
            }
        }
        catch (final SocketTimeoutException e)
        {
            throw new AssertionError("the server neither answered nor closed within " + READ_TIMEOUT_MS + " ms", e);
        }
        catch (final IOException e)
        {
            // A reset is a close.
        }
        return line.toString(StandardCharsets.ISO_8859_1).trim();
    }
}
