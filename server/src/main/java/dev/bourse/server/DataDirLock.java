package dev.bourse.server;

import dev.bourse.journal.Directories;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Keeps a second server off a data directory in use: two writers would interleave one journal. */
public final class DataDirLock implements AutoCloseable
{
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks the directory, creating it when new; fails with a clear message when another process holds it. */
    public static DataDirLock acquire(final Path dataDir) throws IOException
    {
        Directories.createDurably(dataDir);
        final FileChannel channel = FileChannel.open(dataDir.resolve("lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock = null;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException e)
        {
            // Held by this process: in use all the same.
        }
        if (null == lock)
        {
            channel.close();
            throw new IllegalStateException("data directory is in use by another Bourse server: " + dataDir);
        }
        return new DataDirLock(channel, lock);
    }

    @Override
    public void close() throws IOException
    {
        lock.release();
        channel.close();
    }
}
