package dev.bourse.journal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real segment files whose disk fails on demand: a write that runs out of room part way (the bytes before that reach
 * the file, as on a full disk), or an fsync that fails. Hand {@link #opener()} to a {@link JournalWriter}.
 */
public final class FailingDisk
{
    private final AtomicLong writableBytes = new AtomicLong(Long.MAX_VALUE);
    // How many more fsyncs succeed before one fails; -1 when none will.
    private final AtomicInteger forcesBeforeFailure = new AtomicInteger(-1);

    /** Opens segments on this disk. */
    public JournalWriter.Opener opener()
    {
        return (path, options) -> new Channel(FileChannel.open(path, options));
    }

    /** From now on, only this many more bytes can be written; the write after that fails. */
    public void fillUpAfter(final long bytes)
    {
        writableBytes.set(bytes);
    }

    /** The next fsync fails; those after it succeed. */
    public void failNextForce()
    {
        failForceAfter(0);
    }

    /** After this many more fsyncs succeed (of segments and of the directory alike), one fails; later ones succeed. */
    public void failForceAfter(final int successes)
    {
        forcesBeforeFailure.set(successes);
    }

    private final class Channel extends FileChannel
    {
        private final FileChannel file;

        Channel(final FileChannel file)
        {
            this.file = file;
        }

        @Override
        public int write(final ByteBuffer src) throws IOException
        {
            final long room = writableBytes.get();
            if (0 == room && src.hasRemaining())
            {
                throw new IOException("No space left on device");
            }
            final int length = (int)Math.min(src.remaining(), room);
            final int written = file.write(src.slice(src.position(), length));
            src.position(src.position() + written);
            writableBytes.addAndGet(-written);
            return written;
        }

        @Override
        public void force(final boolean metaData) throws IOException
        {
            if (0 == forcesBeforeFailure.getAndUpdate(n -> n >= 0 ? n - 1 : -1))
            {
                throw new IOException("Input/output error");
            }
            file.force(metaData);
        }

        @Override
        public long position() throws IOException
        {
            return file.position();
        }

        @Override
        public FileChannel position(final long newPosition) throws IOException
        {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException
        {
            return file.size();
        }

        @Override
        public FileChannel truncate(final long size) throws IOException
        {
            file.truncate(size);
            return this;
        }

        @Override
        protected void implCloseChannel() throws IOException
        {
            file.close();
        }

        // The writer needs none of what follows.

        @Override
        public int read(final ByteBuffer dst)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(final ByteBuffer[] dsts, final int offset, final int length)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(final ByteBuffer[] srcs, final int offset, final int length)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(final long position, final long count, final WritableByteChannel target)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(final ReadableByteChannel src, final long position, final long count)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(final ByteBuffer dst, final long position)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(final ByteBuffer src, final long position)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(final MapMode mode, final long position, final long size)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(final long position, final long size, final boolean shared)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(final long position, final long size, final boolean shared)
        {
            throw new UnsupportedOperationException();
        }
    }
}
