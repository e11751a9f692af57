package dev.bourse.journal.snapshot;

import java.io.DataOutput;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A growable in-memory {@link DataOutput} with the byte layout of {@link java.io.DataOutputStream}, but without its
 * per-write locking: serializing a million orders is millions of small writes, and the sequencer or publisher
 * thread waits for them.
 * The bytes live in chunks, so that growing never copies what was written and the state may pass the 2 GiB an array
 * holds.
 */
public final class StateBuffer implements DataOutput
{
    /** Large enough that the chunks of a huge state stay few, small enough to be found in a fragmented heap. */
    public static final int CHUNK_BYTES = 64 << 20;

    private final int chunkBytes;
    private final List<ByteBuffer> chunks = new ArrayList<>();
    private ByteBuffer current;
    // Bytes in the chunks before the current one: the size is this plus the current chunk's position.
    private long filled;

    /** An empty buffer with room for {@code capacity} bytes (up to one chunk) before it takes another chunk. */
    public StateBuffer(final long capacity)
    {
        this(capacity, CHUNK_BYTES);
    }

    /** The same, with chunks of {@code chunkBytes}: tests take small ones to cross many chunk boundaries. */
    public StateBuffer(final long capacity, final int chunkBytes)
    {
        this.chunkBytes = chunkBytes;
        current = ByteBuffer.allocate(Math.clamp(capacity, 1, chunkBytes));
        chunks.add(current);
    }

    /** How many bytes were written. */
    public long size()
    {
        return filled + current.position();
    }

    /**
     * The bytes written, in order: a view of each chunk, from its start to what was written. Views of the arrays
     * themselves, not read-only ones, so that checksums and digests read them without copying.
     */
    public List<ByteBuffer> chunks()
    {
        final List<ByteBuffer> out = new ArrayList<>(chunks.size());
        for (final ByteBuffer chunk : chunks)
        {
            out.add(chunk.duplicate().flip());
        }
        return out;
    }

    /** Writes the bytes written so far to {@code out}. */
    public void writeTo(final DataOutput out) throws IOException
    {
        for (final ByteBuffer chunk : chunks)
        {
            out.write(chunk.array(), chunk.arrayOffset(), chunk.position());
        }
    }

    /** A copy of the bytes written, when they fit in an array. */
    public byte[] toByteArray()
    {
        final ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size()));
        chunks().forEach(out::put);
        return out.array();
    }

    @Override
    public void write(final int b)
    {
        room().put((byte)b);
    }

    @Override
    public void write(final byte[] bytes)
    {
        write(bytes, 0, bytes.length);
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length)
    {
        int done = 0;
        while (done < length)
        {
            final ByteBuffer chunk = room();
            final int n = Math.min(chunk.remaining(), length - done);
            chunk.put(bytes, offset + done, n);
            done += n;
        }
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
        if (current.remaining() < Short.BYTES)
        {
            writeBigEndian(value, Short.BYTES);
            return;
        }
        current.putShort((short)value);
    }

    @Override
    public void writeChar(final int value)
    {
        writeShort(value);
    }

    @Override
    public void writeInt(final int value)
    {
        if (current.remaining() < Integer.BYTES)
        {
            writeBigEndian(value, Integer.BYTES);
            return;
        }
        current.putInt(value);
    }

    @Override
    public void writeLong(final long value)
    {
        if (current.remaining() < Long.BYTES)
        {
            writeBigEndian(value, Long.BYTES);
            return;
        }
        current.putLong(value);
    }

    // Byte by byte, for a value that crosses into the next chunk.
    private void writeBigEndian(final long value, final int bytes)
    {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8)
        {
            write((int)(value >>> shift));
        }
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
        // Straight into the chunk when it fits, the usual case; else through an array that write splits.
        final boolean fits = current.remaining() >= 2 + length;
        final ByteBuffer out = fits ? current : ByteBuffer.allocate(2 + length);
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
        if (!fits)
        {
            write(out.array());
        }
    }

    // The chunk to write into, a new one when the current is full.
    private ByteBuffer room()
    {
        if (!current.hasRemaining())
        {
            filled += current.position();
            current = ByteBuffer.allocate(chunkBytes);
            chunks.add(current);
        }
        return current;
    }
}
