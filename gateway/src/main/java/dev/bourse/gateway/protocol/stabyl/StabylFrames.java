package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.gateway.json.Json;
import dev.bourse.gateway.json.Timestamps;
import dev.bourse.gateway.net.HttpReplies;
import tools.jackson.core.JsonGenerator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/** Encodes the server's Stabyl messages. */
final class StabylFrames
{
    // Every frame is written with its type first; metrics read it back from the bytes.
    private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final String[] TYPES =
        {"data", "command_ack", "command_error", "subscribed", "unsubscribed", "pong", "error"};
    private static final byte[][] TYPE_BYTES = new byte[TYPES.length][];

    static
    {
        for (int i = 0; i < TYPES.length; i++)
        {
            TYPE_BYTES[i] = (TYPES[i] + '"').getBytes(StandardCharsets.US_ASCII);
        }
    }

    private StabylFrames()
    {
    }

    /** The {@code type} of a frame this class or its callers encoded, as a fixed label; {@code other} if unknown. */
    static String typeOf(final byte[] frame)
    {
        if (!Arrays.equals(frame, 0, Math.min(frame.length, TYPE_PREFIX.length), TYPE_PREFIX, 0, TYPE_PREFIX.length))
        {
            return "other";
        }
        final int from = TYPE_PREFIX.length;
        for (int i = 0; i < TYPES.length; i++)
        {
            final byte[] t = TYPE_BYTES[i];
            if (frame.length >= from + t.length && Arrays.equals(frame, from, from + t.length, t, 0, t.length))
            {
                return TYPES[i];
            }
        }
        return "other";
    }

    /** {@code {"type":"data","topic","epoch","seq","ts","data"}} with the data written by {@code data}. */
    static byte[] data(
        final String topic, final String epoch, final long seq, final long timestamp,
        final Consumer<JsonGenerator> data)
    {
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("type", "data");
            g.writeStringProperty("topic", topic);
            g.writeStringProperty("epoch", epoch);
            g.writeNumberProperty("seq", seq);
            g.writeStringProperty("ts", Timestamps.format(timestamp));
            g.writeName("data");
            data.accept(g);
            g.writeEndObject();
        });
    }

    /** A data message whose {@code data} is already encoded JSON. */
    static byte[] data(final String topic, final String epoch, final long seq, final long timestamp, final byte[] data)
    {
        // The envelope ends with "data":0} around a placeholder; the data's bytes take the placeholder's place,
        // so they are neither decoded nor encoded again.
        final byte[] envelope = data(topic, epoch, seq, timestamp, g -> g.writeNumber(0));
        final int prefix = envelope.length - 2;
        final byte[] frame = new byte[prefix + data.length + 1];
        System.arraycopy(envelope, 0, frame, 0, prefix);
        System.arraycopy(data, 0, frame, prefix, data.length);
        frame[frame.length - 1] = '}';
        return frame;
    }

    /** {@code {"type":"error","code","message"}}, with {@code retry_after_ms} when positive. */
    static byte[] error(final String code, final String message, final long retryAfterMillis)
    {
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("type", "error");
            g.writeStringProperty("code", code);
            g.writeStringProperty("message", message);
            if (retryAfterMillis > 0)
            {
                g.writeNumberProperty("retry_after_ms", retryAfterMillis);
            }
            g.writeEndObject();
        });
    }

    /**
     * {@code {"type":"command_error","request_id","action","error":{"code","message","field","retry_after_ms"}}},
     * the last two only when given (non-null, positive).
     */
    static byte[] commandError(
        final String requestId, final String action, final String code, final String message, final String field,
        final long retryAfterMillis)
    {
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("type", "command_error");
            g.writeStringProperty("request_id", requestId);
            g.writeStringProperty("action", action);
            g.writeName("error");
            HttpReplies.writeErrorObject(g, code, message, field, retryAfterMillis);
            g.writeEndObject();
        });
    }
}
