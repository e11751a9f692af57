package dev.bourse.gateway.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Writing reuses a buffer per thread: documents must come out whole and apart, however they are nested or sized. */
class JsonTest
{
    @Test
    void shouldWriteADocumentWhileWritingAnother()
    {
        final byte[] outer = Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("a", "1");
            final byte[] inner = Json.write(h ->
            {
                h.writeStartObject();
                h.writeStringProperty("b", "2");
                h.writeEndObject();
            });
            g.writeStringProperty("inner", text(inner));
            g.writeEndObject();
        });
        assertThat(text(outer)).isEqualTo("{\"a\":\"1\",\"inner\":\"{\\\"b\\\":\\\"2\\\"}\"}");
    }

    @Test
    void shouldGiveEachDocumentItsOwnBytesAcrossLargeAndSmallOnes()
    {
        final String big = "x".repeat(200_000);
        final byte[] first = Json.write(g -> g.writeString(big));
        final byte[] second = Json.write(g -> g.writeString("y"));
        final byte[] third = Json.write(g -> g.writeString("z"));
        assertThat(text(first)).isEqualTo("\"" + big + "\"");
        assertThat(text(second)).isEqualTo("\"y\"");
        assertThat(text(third)).isEqualTo("\"z\"");
    }

    private static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
