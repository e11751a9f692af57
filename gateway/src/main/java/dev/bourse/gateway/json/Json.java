package dev.bourse.gateway.json;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * The one JSON configuration of the gateway: strict reading (depth, number and string limits, duplicate names and
 * trailing tokens refused, invalid UTF-8 refused) and compact writing.
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
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Every parse and every write borrows buffers; the shared default pool is a concurrent deque that the
            // event loops and the publisher contend on. Our threads are long-lived platform threads: one set each.
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

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
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(out))
        {
            body.accept(g);
        }
        return out.toByteArray();
    }
}
