package dev.bourse.bench.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Empties the operating system's page cache, so that a restart reads its files from the disk. */
final class PageCache
{
    private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");

    private PageCache()
    {
    }

    /**
     * Writes dirty pages out, then drops clean page cache, dentries and inodes (Linux, as root).
     *
     * @return null when done, else why it could not be done.
     */
    static String drop() throws InterruptedException
    {
        try
        {
            // drop_caches only drops clean pages: write the dirty ones out first.
            final int synced = new ProcessBuilder("sync").inheritIO().start().waitFor();
            if (0 != synced)
            {
                return "sync exited with " + synced;
            }
            Files.writeString(DROP_CACHES, "3");
            return null;
        }
        catch (final IOException e)
        {
            return "cannot write " + DROP_CACHES + ": " + e;
        }
    }
}
