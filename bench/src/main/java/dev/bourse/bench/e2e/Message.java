package dev.bourse.bench.e2e;

import io.netty.buffer.ByteBuf;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;

/**
 * One server message, read with Jackson's streaming parser into reusable fields: only what the generator checks.
 * Works for Stabyl replies, data frames and {@code subscribed} (its first snapshot), and for echoed commands.
 */
final class Message
{
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    String type;
    String requestId;
    String orderId;
    String status;
    String errorCode;
    String topic;
    String ts;
    long seq;
    long checksum;
    /** Whether bids and asks were present: a book delta or snapshot. */
    boolean book;
    final Levels bids = new Levels();
    final Levels asks = new Levels();
    private byte[] scratch = new byte[4096];

    /** Reads the text frame; fields not present are null or -1. */
    void parse(final ByteBuf text)
    {
        type = requestId = orderId = status = errorCode = topic = ts = null;
        seq = checksum = -1;
        book = false;
        bids.clear();
        asks.clear();
        final int length = text.readableBytes();
        final byte[] bytes;
        final int offset;
        if (text.hasArray())
        {
            bytes = text.array();
            offset = text.arrayOffset() + text.readerIndex();
        }
        else
        {
            if (scratch.length < length)
            {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            text.getBytes(text.readerIndex(), scratch, 0, length);
            bytes = scratch;
            offset = 0;
        }
        try (JsonParser p = MAPPER.createParser(bytes, offset, length))
        {
            if (p.nextToken() != JsonToken.START_OBJECT)
            {
                throw new IllegalStateException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME)
            {
                final String name = p.currentName();
                final JsonToken value = p.nextToken();
                switch (name)
                {
                    case "type" -> type = p.getString();
                    case "request_id" -> requestId = p.getString();
                    case "order_id", "new_order_id" -> orderId = value == JsonToken.VALUE_NULL ? null : p.getString();
                    case "status" -> status = p.getString();
                    case "code" -> errorCode = p.getString();
                    case "error" -> readError(p);
                    case "topic" -> topic = p.getString();
                    case "ts" -> ts = p.getString();
                    case "seq" -> seq = p.getLongValue();
                    case "data" -> readData(p);
                    case "snapshots" -> readSnapshots(p);
                    default -> p.skipChildren();
                }
            }
        }
    }

    private void readError(final JsonParser p)
    {
        while (p.nextToken() == JsonToken.PROPERTY_NAME)
        {
            final String name = p.currentName();
            p.nextToken();
            if (name.equals("code"))
            {
                errorCode = p.getString();
            }
            else
            {
                p.skipChildren();
            }
        }
    }

    private void readSnapshots(final JsonParser p)
    {
        while (p.nextToken() == JsonToken.START_OBJECT)
        {
            while (p.nextToken() == JsonToken.PROPERTY_NAME)
            {
                final String name = p.currentName();
                p.nextToken();
                switch (name)
                {
                    case "topic" -> topic = p.getString();
                    case "seq" -> seq = p.getLongValue();
                    case "ts" -> ts = p.getString();
                    case "data" -> readData(p);
                    default -> p.skipChildren();
                }
            }
        }
    }

    private void readData(final JsonParser p)
    {
        if (p.currentToken() != JsonToken.START_OBJECT)
        {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME)
        {
            final String name = p.currentName();
            p.nextToken();
            switch (name)
            {
                case "bids" -> readLevels(p, bids);
                case "asks" -> readLevels(p, asks);
                case "checksum" -> checksum = p.getLongValue();
                default -> p.skipChildren();
            }
        }
    }

    private void readLevels(final JsonParser p, final Levels levels)
    {
        book = true;
        while (p.nextToken() == JsonToken.START_OBJECT)
        {
            String price = null;
            String quantity = null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME)
            {
                final String name = p.currentName();
                p.nextToken();
                if (name.equals("price"))
                {
                    price = p.getString();
                }
                else if (name.equals("quantity"))
                {
                    quantity = p.getString();
                }
                else
                {
                    p.skipChildren();
                }
            }
            levels.add(price, quantity);
        }
    }

    /** Price levels of one side, in the order sent. */
    static final class Levels
    {
        private String[] prices = new String[64];
        private String[] quantities = new String[64];
        private int size;

        int size()
        {
            return size;
        }

        String price(final int i)
        {
            return prices[i];
        }

        String quantity(final int i)
        {
            return quantities[i];
        }

        void clear()
        {
            size = 0;
        }

        void add(final String price, final String quantity)
        {
            if (null == price || null == quantity)
            {
                throw new IllegalStateException("a book level without price or quantity");
            }
            if (size == prices.length)
            {
                prices = Arrays.copyOf(prices, size * 2);
                quantities = Arrays.copyOf(quantities, size * 2);
            }
            prices[size] = price;
            quantities[size] = quantity;
            size++;
        }
    }
}
