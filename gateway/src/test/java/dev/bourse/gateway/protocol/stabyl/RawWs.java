package dev.bourse.gateway.protocol.stabyl;

import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A WebSocket connection made by hand, to send frames a real client library refuses to build. */
final class RawWs implements AutoCloseable
{
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    /** What {@link #awaitClose} returns when the connection ended without a close frame. */
    static final int NO_CLOSE_FRAME = -1;
    static final int READ_TIMEOUT_MS = 5_000;
    private static final AtomicInteger PINGS = new AtomicInteger();

    private static final tools.jackson.databind.json.JsonMapper MAPPER =
        tools.jackson.databind.json.JsonMapper.builder().build();

    private final Socket socket;
    private final InputStream in;
    /** The text frames {@link #awaitClose} read before the end. */
    final List<String> texts = new ArrayList<>();
    private final OutputStream out;

    private RawWs(final Socket socket) throws IOException
    {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawWs open(final Venue venue) throws Exception
    {
        return open(venue, 0);
    }

    /**
     * The same with a small kernel receive buffer ({@code receiveBufferBytes} > 0), so that a client which stops
     * reading stalls the server at once rather than after megabytes.
     */
    static RawWs open(final Venue venue, final int receiveBufferBytes) throws Exception
    {
        return open(venue, receiveBufferBytes, null);
    }

    /** The same, authenticated with {@code apiKey} (X-Api-Key) when it is not null. */
    static RawWs open(final Venue venue, final int receiveBufferBytes, final String apiKey) throws Exception
    {
        final Socket socket = new Socket();
        if (receiveBufferBytes > 0)
        {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", venue.gateway.port()), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        final byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        final String key = Base64.getEncoder().encodeToString(nonce);
        socket.getOutputStream().write(("GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:" + venue.gateway.port()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
            + (null == apiKey ? "" : "\r\nX-Api-Key: " + apiKey)
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        final String response = readHead(socket.getInputStream());
        assertThat(response).startsWith("HTTP/1.1 101");
        final String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(response.toLowerCase(java.util.Locale.ROOT))
            .contains("sec-websocket-accept: " + accept.toLowerCase(java.util.Locale.ROOT));
        return new RawWs(socket);
    }

    private static String readHead(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4)
        {
            final int b = in.read();
            if (b == -1)
            {
                throw new AssertionError("connection closed during the handshake: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] ping(final String id)
    {
        return ("{\"type\":\"ping\",\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A whole frame; {@code rsv} is the byte's RSV bits (0x40, 0x20, 0x10) as they sit in the first byte. */
    static byte[] frame(final boolean fin, final int rsv, final int opcode, final boolean masked, final byte[] payload)
    {
        final ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
        frame.put((byte)((fin ? 0x80 : 0) | rsv | opcode));
        final int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126)
        {
            frame.put((byte)(maskBit | payload.length));
        }
        else if (payload.length < 65536)
        {
            frame.put((byte)(maskBit | 126)).putShort((short)payload.length);
        }
        else
        {
            frame.put((byte)(maskBit | 127)).putLong(payload.length);
        }
        if (masked)
        {
            final byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.put(mask);
            for (int i = 0; i < payload.length; i++)
            {
                frame.put((byte)(payload[i] ^ mask[i & 3]));
            }
        }
        else
        {
            frame.put(payload);
        }
        return java.util.Arrays.copyOf(frame.array(), frame.position());
    }

    /** A masked frame's header claiming a 64-bit payload length, with its mask; no payload. */
    static byte[] header(final boolean fin, final int opcode, final long declaredLength)
    {
        return ByteBuffer.allocate(14).put((byte)((fin ? 0x80 : 0) | opcode)).put((byte)(0x80 | 127))
            .putLong(declaredLength).put(new byte[] {1, 2, 3, 4}).array();
    }

    void send(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    /** The next text frame from the server, as JSON. */
    JsonNode nextText() throws IOException
    {
        final JsonNode message = nextTextOrNull();
        assertThat(message).as("a text frame, not the end of the connection").isNotNull();
        return message;
    }

    /** The next text frame from the server as JSON, or null if the connection closes first. */
    JsonNode nextTextOrNull() throws IOException
    {
        final int[] opcode = new int[1];
        final byte[] payload;
        try
        {
            payload = readFrame(opcode);
        }
        catch (final SocketTimeoutException e)
        {
            throw new AssertionError("no frame from the server within " + READ_TIMEOUT_MS + " ms", e);
        }
        if (null == payload || CLOSE == opcode[0])
        {
            return null;
        }
        assertThat(opcode[0]).as("opcode").isEqualTo(TEXT);
        return MAPPER.readTree(new String(payload, StandardCharsets.UTF_8));
    }

    /** Checks the hand-made framing is right, so that a close after a bad frame is down to the bad frame. */
    void assertAnswersPing() throws IOException
    {
        final String id = "raw-" + PINGS.incrementAndGet();
        send(frame(true, 0, TEXT, true, ping(id)));
        final JsonNode pong = nextText();
        assertThat(pong.path("type").asString()).isEqualTo("pong");
        assertThat(pong.path("id").asString()).isEqualTo(id);
    }

    /**
     * Reads until the server ends the connection: the status code of its close frame, or
     * {@link #NO_CLOSE_FRAME}. Fails if the connection is still open after the read timeout.
     */
    int awaitClose() throws IOException
    {
        int code = NO_CLOSE_FRAME;
        try
        {
            while (true)
            {
                final int[] opcode = new int[1];
                final byte[] payload = readFrame(opcode);
                if (null == payload)
                {
                    return code;
                }
                if (TEXT == opcode[0])
                {
                    texts.add(new String(payload, StandardCharsets.UTF_8));
                }
                if (CLOSE == opcode[0] && NO_CLOSE_FRAME == code)
                {
                    code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                }
            }
        }
        catch (final SocketTimeoutException e)
        {
            throw new AssertionError("the server kept the connection open " + READ_TIMEOUT_MS
                + " ms after the offending frame", e);
        }
        catch (final IOException e)
        {
            // Reset by the server: closed all the same.
            return code;
        }
    }

    // One server frame (servers never mask), or null at the end of the stream.
    private byte[] readFrame(final int[] opcodeOut) throws IOException
    {
        final int b0 = in.read();
        if (b0 == -1)
        {
            return null;
        }
        opcodeOut[0] = b0 & 0x0F;
        final int b1 = readByte();
        long length = b1 & 0x7F;
        if (length == 126)
        {
            length = (readByte() << 8) | readByte();
        }
        else if (length == 127)
        {
            length = 0;
            for (int i = 0; i < 8; i++)
            {
                length = (length << 8) | readByte();
            }
        }
        assertThat(length).as("server frame length").isBetween(0L, (long)(1 << 20));
        final byte[] payload = in.readNBytes((int)length);
        if (payload.length < length)
        {
            return null;
        }
        return payload;
    }

    private int readByte() throws IOException
    {
        final int b = in.read();
        if (b == -1)
        {
            throw new IOException("end of stream inside a frame");
        }
        return b;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
