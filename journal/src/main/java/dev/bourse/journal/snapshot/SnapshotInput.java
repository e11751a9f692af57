package dev.bourse.journal.snapshot;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A snapshot file's bytes from its start, counting them, and ending at a limit: a reader given one part of the file
 * (the engine's state) cannot read into the next, and the store can check that it read exactly that part.
 */
final class SnapshotInput extends FilterInputStream
{
    private long position;
    private long limit = Long.MAX_VALUE;

    SnapshotInput(final InputStream in)
    {
        super(in);
    }

    /** How many bytes were read or skipped. */
    long position()
    {
        return position;
    }

    /** Makes the stream end at this position. */
    void limit(final long newLimit)
    {
        limit = newLimit;
    }

    @Override
    public int read() throws IOException
    {
        if (position >= limit)
        {
            return -1;
        }
        final int b = super.read();
        if (b >= 0)
        {
            position++;
        }
        return b;
    }

    @Override
    public int read(final byte[] bytes, final int offset, final int length) throws IOException
    {
        if (length > 0 && position >= limit)
        {
            return -1;
        }
        final int n = super.read(bytes, offset, (int)Math.min(length, limit - position));
        if (n > 0)
        {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(final long bytes) throws IOException
    {
        final long n = super.skip(Math.min(bytes, limit - position));
        position += n;
        return n;
    }

    @Override
    public int available() throws IOException
    {
        return (int)Math.min(super.available(), limit - position);
    }

    @Override
    public boolean markSupported()
    {
        return false;
    }
}
