package dev.bourse.gateway.json;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * The one JSON configuration of the gateway: strict reading (depth, number and string limits, duplicate names and
 * trailing tokens refused; malformed UTF-8 as far as the parser decodes it, which {@link Utf8} checks fully where a
 * text frame must be valid) and compact writing.
 */
public final class Json
{
    /** Nesting deeper than this is refused. */
    public static final int MAX_DEPTH = 16;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                // Long enough that a huge number in a command field is that field's error, not an unreadable
                // message; short enough that no number is costly to parse.
                .maxNumberLength(1000)
                .maxStringLength(64 * 1024)
                .maxNameLength(256)
                .build())
            // Every parse and every write borrows buffers; the shared default pool is a concurrent deque that the
            // event loops and the publisher contend on. Our threads are long-lived platform threads: one set each.
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // Duplicate names are refused as the tree is built, from what its map already holds; the parser's own check
        // kept a second set of names for every object of every message.
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .build();

    // Each thread writes into a buffer of its own and copies out the exact bytes: one new array per document, where a
    // fresh stream grew one or two arrays before the copy. Every message the gateway sends is written here.
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private Json()
    {
    }

    /**
     * Parses one JSON document.
     *
     * @throws tools.jackson.core.JacksonException when it is not well-formed or breaks a limit.
     */
    public static JsonNode parse(final byte[] bytes)
    {
        return MAPPER.readTree(bytes);
    }

    /** Writes one document with the generator given to {@code body} and returns its UTF-8 bytes. */
    public static byte[] write(final Consumer<JsonGenerator> body)
    {
        final Output out = OUTPUT.get();
        if (out.busy)
        {
            // A document written while this thread writes another.
            return write(new Output(), body);
        }
        out.busy = true;
        try
        {
            return write(out, body);
        }
        finally
        {
            out.busy = false;
            if (out.capacity() > Output.KEPT_CAPACITY)
            {
                OUTPUT.remove();
            }
        }
    }

    private static byte[] write(final Output out, final Consumer<JsonGenerator> body)
    {
        out.reset();
        try (JsonGenerator g = MAPPER.createGenerator(out))
        {
            body.accept(g);
        }
        return out.toByteArray();
    }

    /** A reusable output buffer; {@code busy} while a document is being written into it. */
    private static final class Output extends ByteArrayOutputStream
    {
        // A buffer grown past this by a large reply (a long REST list) is dropped rather than kept by the thread.
        static final int KEPT_CAPACITY = 64 * 1024;

        boolean busy;

        Output()
        {
            super(1024);
        }

        int capacity()
        {
            return buf.length;
        }
    }
}
