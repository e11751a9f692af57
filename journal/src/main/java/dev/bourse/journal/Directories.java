package dev.bourse.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/** Directories made durable: a new file survives a power cut only once every directory entry leading to it does. */
public final class Directories
{
    private Directories()
    {
    }

    /**
     * Creates the directory and its missing parents, each one's entry made durable in its parent before the next is
     * created; does nothing to a directory that exists.
     */
    public static void createDurably(final Path directory) throws IOException
    {
        final Deque<Path> missing = new ArrayDeque<>();
        for (Path p = directory.toAbsolutePath(); null != p && !Files.isDirectory(p); p = p.getParent())
        {
            missing.push(p);
        }
        while (!missing.isEmpty())
        {
            final Path created = missing.pop();
            try
            {
                Files.createDirectory(created);
            }
            catch (final FileAlreadyExistsException e)
            {
                // Another process made it meanwhile; a file of that name is an error.
                if (!Files.isDirectory(created))
                {
                    throw e;
                }
            }
            force(created.getParent());
        }
    }

    /** Makes the directory's entries durable: files created, renamed or deleted in it. */
    public static void force(final Path directory) throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }
}
