package dev.bourse.gateway.json;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test
{
    private static final int RANDOM_RUNS = 300_000;
    // A new seed each run widens coverage over time; a failure prints it, and -Dbourse.test.seed=... replays it.
    private static final long SEED = Long.getLong("bourse.test.seed", new Random().nextLong());

    @Test
    void shouldAcceptEveryCodePointAtTheEdgesOfEachLength()
    {
        final int[] codePoints = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF};
        for (final int codePoint : codePoints)
        {
            final byte[] bytes = ("a" + Character.toString(codePoint) + "z").getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.isValid(bytes)).as("U+%X", codePoint).isTrue();
        }
        assertThat(Utf8.isValid(new byte[0])).isTrue();
    }

    @Test
    void shouldRefuseEachKindOfMalformedSequence()
    {
        final byte[][] invalid = {
            {(byte)0x80},                                         // a continuation byte with no lead
            {(byte)0xC3},                                         // a lead byte at the end
            {(byte)0xC3, 0x28},                                   // a lead byte followed by ASCII
            {(byte)0xC0, (byte)0x80},                             // overlong U+0000
            {(byte)0xC1, (byte)0xBF},                             // overlong U+007F
            {(byte)0xE0, (byte)0x9F, (byte)0xBF},                 // overlong U+07FF
            {(byte)0xED, (byte)0xA0, (byte)0x80},                 // the surrogate U+D800
            {(byte)0xED, (byte)0xBF, (byte)0xBF},                 // the surrogate U+DFFF
            {(byte)0xE2, (byte)0x82},                             // cut short
            {(byte)0xF0, (byte)0x8F, (byte)0xBF, (byte)0xBF},     // overlong U+FFFF
            {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80},     // U+110000
            {(byte)0xF5, (byte)0x80, (byte)0x80, (byte)0x80},     // a lead byte past F4
            {(byte)0xF0, (byte)0x9F, (byte)0x98, 0x41},           // the last byte is not a continuation
            {(byte)0xFF},
        };
        for (final byte[] bad : invalid)
        {
            final byte[] inMessage = new byte[bad.length + 2];
            inMessage[0] = '{';
            System.arraycopy(bad, 0, inMessage, 1, bad.length);
            inMessage[inMessage.length - 1] = '}';
            assertThat(Utf8.isValid(bad)).as(HexFormat.of().formatHex(bad)).isFalse();
            assertThat(Utf8.isValid(inMessage)).as("{%s}", HexFormat.of().formatHex(bad)).isFalse();
        }
    }

    @Test
    void shouldAgreeWithTheJdkDecoderOnRandomBytes()
    {
        final Random random = new Random(SEED);
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int run = 0; run < RANDOM_RUNS; run++)
        {
            final byte[] bytes = randomNearUtf8(random);
            assertThat(Utf8.isValid(bytes))
                .as("seed=%d bytes=%s", SEED, HexFormat.of().formatHex(bytes))
                .isEqualTo(decodes(decoder, bytes));
        }
    }

    // Mostly well-formed text with a byte changed now and then, so both answers come up often.
    private static byte[] randomNearUtf8(final Random random)
    {
        final StringBuilder text = new StringBuilder();
        final int codePoints = random.nextInt(6);
        for (int i = 0; i < codePoints; i++)
        {
            final int codePoint = switch (random.nextInt(4))
            {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
                case 2 -> 0x800 + random.nextInt(0xD800 - 0x800);
                default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
            };
            text.appendCodePoint(codePoint);
        }
        final byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0 && random.nextBoolean())
        {
            bytes[random.nextInt(bytes.length)] = (byte)random.nextInt(256);
        }
        return bytes;
    }

    private static boolean decodes(final CharsetDecoder decoder, final byte[] bytes)
    {
        try
        {
            decoder.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        }
        catch (final CharacterCodingException e)
        {
            return false;
        }
    }
}
