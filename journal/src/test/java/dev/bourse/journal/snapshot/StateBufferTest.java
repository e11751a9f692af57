package dev.bourse.journal.snapshot;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateBufferTest
{
    @Test
    void shouldWriteExactlyTheBytesOfADataOutputStream() throws IOException
    {
        final long seed = System.nanoTime();
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        final StateBuffer actual = new StateBuffer(16);
        writeSame(new DataOutputStream(expected), new SplittableRandom(seed));
        writeSame(actual, new SplittableRandom(seed));

        assertThat(actual.toByteArray()).as("seed=%d", seed).isEqualTo(expected.toByteArray());
        assertThat(actual.size()).isEqualTo(expected.size());
    }

    @Test
    void shouldKeepDoublingPastOneGibibyteAndRefuseBeyondTheLargestArray()
    {
        assertThat(StateBuffer.grownCapacity(16, 16, 1)).isEqualTo(32);
        assertThat(StateBuffer.grownCapacity(16, 10, 100)).isEqualTo(110);
        assertThat(StateBuffer.grownCapacity(1 << 30, 1 << 30, 1)).isEqualTo(StateBuffer.MAX_CAPACITY);
        assertThat(StateBuffer.grownCapacity(1_500_000_000, 1_500_000_000, 1)).isEqualTo(StateBuffer.MAX_CAPACITY);
        assertThatThrownBy(() -> StateBuffer.grownCapacity(StateBuffer.MAX_CAPACITY, StateBuffer.MAX_CAPACITY, 1))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("too large");
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
