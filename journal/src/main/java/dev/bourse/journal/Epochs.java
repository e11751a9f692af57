package dev.bourse.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.UUID;

/** The epoch of a data directory: a UUID version 7 made with the directory and kept in its {@code epoch} file. */
final class Epochs
{
    static final String FILE_NAME = "epoch";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Epochs()
    {
    }

    /** A new UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. */
    static UUID newEpoch(final long unixMillis)
    {
        final long most = unixMillis << 16 | 0x7000L | RANDOM.nextInt(1 << 12);
        final long least = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(most, least);
    }

    /** The directory's epoch, or null when it has none yet. */
    static UUID read(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return null;
        }
        try
        {
            return UUID.fromString(Files.readString(file, StandardCharsets.US_ASCII).trim());
        }
        catch (final IOException | IllegalArgumentException e)
        {
            throw new JournalException("unreadable epoch file: file=" + file, e);
        }
    }

    /** Writes the epoch durably: temporary file, fsync, rename, fsync of the directory. */
    static void write(final Path directory, final UUID epoch)
    {
        final Path file = directory.resolve(FILE_NAME);
        final Path temporary = directory.resolve(FILE_NAME + ".tmp");
        try
        {
            Files.writeString(temporary, epoch + "\n", StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE))
            {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            Directories.force(directory);
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot write epoch file: file=" + file, e);
        }
    }
}
