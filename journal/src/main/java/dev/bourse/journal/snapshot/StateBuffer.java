package dev.bourse.journal.snapshot;

import java.io.DataOutput;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable in-memory {@link DataOutput} with the byte layout of {@link java.io.DataOutputStream}, but without its
 * per-write locking: serializing a million orders is millions of small writes, and the engine thread waits for them.
 */
public final class StateBuffer implements DataOutput
{
    // The largest byte array every common JVM allocates (ArraysSupport.SOFT_MAX_ARRAY_LENGTH).
    static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private ByteBuffer buffer;

    /** An empty buffer with room for {@code capacity} bytes before it must grow. */
    public StateBuffer(final int capacity)
    {
        buffer = ByteBuffer.allocate(Math.max(64, capacity));
    }

    /** The bytes written so far live in {@code array()[0 .. size())}. */
    public byte[] array()
    {
        return buffer.array();
    }

    /** How many bytes were written. */
    public int size()
    {
        return buffer.position();
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray()
    {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    @Override
    public void write(final int b)
    {
        room(1).put((byte)b);
    }

    @Override
    public void write(final byte[] bytes)
    {
        room(bytes.length).put(bytes);
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length)
    {
        room(length).put(bytes, offset, length);
    }

    @Override
    public void writeBoolean(final boolean value)
    {
        write(value ? 1 : 0);
    }

    @Override
    public void writeByte(final int value)
    {
        write(value);
    }

    @Override
    public void writeShort(final int value)
    {
        room(Short.BYTES).putShort((short)value);
    }

    @Override
    public void writeChar(final int value)
    {
        room(Character.BYTES).putChar((char)value);
    }

    @Override
    public void writeInt(final int value)
    {
        room(Integer.BYTES).putInt(value);
    }

    @Override
    public void writeLong(final long value)
    {
        room(Long.BYTES).putLong(value);
    }

    @Override
    public void writeFloat(final float value)
    {
        writeInt(Float.floatToIntBits(value));
    }

    @Override
    public void writeDouble(final double value)
    {
        writeLong(Double.doubleToLongBits(value));
    }

    @Override
    public void writeBytes(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            write(value.charAt(i));
        }
    }

    @Override
    public void writeChars(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            writeChar(value.charAt(i));
        }
    }

    /** Modified UTF-8 with a two-byte length, exactly as {@link java.io.DataOutputStream#writeUTF} writes it. */
    @Override
    public void writeUTF(final String value) throws UTFDataFormatException
    {
        int length = 0;
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            length += c >= 0x0001 && c <= 0x007F ? 1 : c > 0x07FF ? 3 : 2;
        }
        if (length > 65_535)
        {
            throw new UTFDataFormatException("encoded string too long: " + length + " bytes");
        }
        final ByteBuffer out = room(2 + length);
        out.putShort((short)length);
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c >= 0x0001 && c <= 0x007F)
            {
                out.put((byte)c);
            }
            else if (c > 0x07FF)
            {
                out.put((byte)(0xE0 | c >> 12 & 0x0F)).put((byte)(0x80 | c >> 6 & 0x3F)).put((byte)(0x80 | c & 0x3F));
            }
            else
            {
                out.put((byte)(0xC0 | c >> 6 & 0x1F)).put((byte)(0x80 | c & 0x3F));
            }
        }
    }

    private ByteBuffer room(final int bytes)
    {
        if (buffer.remaining() < bytes)
        {
            final ByteBuffer bigger = ByteBuffer.allocate(grownCapacity(buffer.capacity(), buffer.position(), bytes));
            bigger.put(buffer.array(), 0, buffer.position());
            buffer = bigger;
        }
        return buffer;
    }

    /**
     * The capacity to grow to: double, computed in {@code long} (doubling past 1 GiB overflows an {@code int}, and
     * growing by only the bytes needed would then copy the whole buffer on every write), at least what is needed and
     * at most the largest array the JVM allocates.
     *
     * @throws IllegalStateException when more than that is needed: the state does not fit in one snapshot buffer.
     */
    static int grownCapacity(final int capacity, final int position, final int bytes)
    {
        final long needed = (long)position + bytes;
        if (needed > MAX_CAPACITY)
        {
            throw new IllegalStateException("state too large for a snapshot buffer: bytes=" + needed + ", limit="
                + MAX_CAPACITY);
        }
        return (int)Math.min(MAX_CAPACITY, Math.max(2L * capacity, needed));
    }
}
