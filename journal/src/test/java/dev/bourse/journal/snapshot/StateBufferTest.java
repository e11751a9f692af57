package dev.bourse.journal.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class StateBufferTest
{
    // Chunks of one byte, of fewer bytes than a long, and larger ones: every write crosses a chunk boundary somewhere.
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 1024, StateBuffer.CHUNK_BYTES})
    void shouldWriteExactlyTheBytesOfADataOutputStreamAcrossChunks(final int chunkBytes) throws IOException
    {
        final long seed = System.nanoTime();
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        final StateBuffer actual = new StateBuffer(16, chunkBytes);
        writeSame(new DataOutputStream(expected), new SplittableRandom(seed));
        writeSame(actual, new SplittableRandom(seed));

        assertThat(actual.toByteArray()).as("seed=%d", seed).isEqualTo(expected.toByteArray());
        assertThat(actual.size()).isEqualTo(expected.size());
        assertThat(actual.chunks()).allSatisfy(chunk -> assertThat(chunk.remaining()).isLessThanOrEqualTo(chunkBytes));
    }

    @Test
    void shouldGrowByAddingChunksAfterAFirstOneOfTheCapacityAskedFor()
    {
        final StateBuffer buffer = new StateBuffer(4, 8);
        buffer.writeInt(1);
        buffer.writeLong(2);
        buffer.writeLong(3);
        buffer.writeShort(4);

        assertThat(buffer.size()).isEqualTo(22);
        assertThat(buffer.chunks()).extracting(ByteBuffer::remaining).containsExactly(4, 8, 8, 2);
    }

    // Every kind of write, with strings from every UTF-8 length class, including NUL and surrogates.
    private static void writeSame(final DataOutput out, final SplittableRandom random) throws IOException
    {
        final String[] strings = {"", "USD/NGN", "naïve", "ключ", "🙂", "a\u0000b", "\uD800", "€"};
        for (int i = 0; i < 10_000; i++)
        {
            switch (random.nextInt(9))
            {
                case 0 -> out.writeLong(random.nextLong());
                case 1 -> out.writeInt(random.nextInt());
                case 2 -> out.writeBoolean(random.nextBoolean());
                case 3 -> out.writeUTF(strings[random.nextInt(strings.length)]);
                case 4 -> out.write(new byte[] {(byte)random.nextInt(), (byte)random.nextInt()});
                case 5 -> out.writeShort(random.nextInt());
                case 6 -> out.writeChar(random.nextInt());
                case 7 -> out.writeDouble(random.nextDouble());
                default -> out.writeByte(random.nextInt());
            }
        }
    }
}
