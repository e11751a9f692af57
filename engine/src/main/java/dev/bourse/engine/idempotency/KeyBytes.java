package dev.bourse.engine.idempotency;

/**
 * The keys of the remembered entries, end to end in a ring of bytes in the order the entries were made, so the oldest
 * key is always the first: expiring it only moves the start. A key of chars up to 0xFF takes a byte a char, any other
 * two, high byte first.
 */
final class KeyBytes
{
    // Chunks rather than one array: a day of keys may pass the largest array there is, and growing moves only the
    // chunks' references, never their bytes.
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK_MASK = (1 << CHUNK_BITS) - 1;
    private static final int INITIAL_CHUNKS = 1;

    private byte[][] chunks = new byte[INITIAL_CHUNKS][];
    private int chunkMask = INITIAL_CHUNKS - 1;
    // Positions since the store was made: where the oldest key starts and where the next one will.
    private long start;
    private long end;

    static boolean isWide(final String key)
    {
        for (int i = 0; i < key.length(); i++)
        {
            if (key.charAt(i) > 0xFF)
            {
                return true;
            }
        }
        return false;
    }

    /** Appends a key; returns where it starts. */
    long append(final String key, final boolean wide)
    {
        final int length = key.length() << (wide ? 1 : 0);
        if (0 == length)
        {
            return end;
        }
        // The chunk the oldest key starts in stays whole, as the new key may end in it.
        while (((end + length - 1 >>> CHUNK_BITS) - (start >>> CHUNK_BITS)) >= chunks.length)
        {
            grow();
        }
        final long at = end;
        long p = at;
        for (int i = 0; i < key.length(); i++)
        {
            final char c = key.charAt(i);
            if (wide)
            {
                put(p++, (byte)(c >>> 8));
            }
            put(p++, (byte)c);
        }
        end = p;
        return at;
    }

    /** Lets the oldest key go. */
    void release(final int length)
    {
        start += length;
    }

    /** Whether the key at {@code at}, of the shape the store recorded, is this one. */
    boolean matches(final long at, final long shape, final String key)
    {
        final int length = IdempotencyStore.length(shape);
        if (length != key.length())
        {
            return false;
        }
        final boolean wide = 0 != (shape & 1);
        for (int i = 0; i < length; i++)
        {
            if (charAt(at, wide, i) != key.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** The key at {@code at}, of the shape the store recorded. */
    String read(final long at, final long shape)
    {
        final int length = IdempotencyStore.length(shape);
        final boolean wide = 0 != (shape & 1);
        final char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = charAt(at, wide, i);
        }
        return new String(chars);
    }

    // The i-th char of the key at {@code at}.
    private char charAt(final long at, final boolean wide, final int i)
    {
        return wide ? (char)(get(at + 2L * i) << 8 | get(at + 2L * i + 1)) : (char)get(at + i);
    }

    private int get(final long position)
    {
        return chunks[(int)(position >>> CHUNK_BITS) & chunkMask][(int)position & CHUNK_MASK] & 0xFF;
    }

    private void put(final long position, final byte value)
    {
        final int chunk = (int)(position >>> CHUNK_BITS) & chunkMask;
        if (null == chunks[chunk])
        {
            chunks[chunk] = new byte[CHUNK_MASK + 1];
        }
        chunks[chunk][(int)position & CHUNK_MASK] = value;
    }

    private void grow()
    {
        chunks = Chunks.moved(chunks, new byte[2 * chunks.length][], start, end, CHUNK_BITS);
        chunkMask = chunks.length - 1;
    }
}
