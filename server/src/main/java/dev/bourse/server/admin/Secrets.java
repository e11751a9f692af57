package dev.bourse.server.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random secrets (API keys, the admin token) and files only their owner may read. */
public final class Secrets
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets()
    {
    }

    /** A new secret: 32 random bytes in hex, with a prefix that tells what it is when found lying around. */
    public static String generate(final String prefix)
    {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /**
     * Writes a file created with mode 0600 before anything is in it, so the secret is never readable by others, not
     * even for a moment; the file is replaced atomically.
     */
    public static void writePrivate(final Path file, final String content) throws IOException
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The admin token of a data directory, generated on first use. */
    public static String adminToken(final Path dataDir) throws IOException
    {
        final Path file = dataDir.resolve(AdminServer.TOKEN_FILE);
        if (Files.exists(file))
        {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        final String token = generate("bourse-admin-");
        writePrivate(file, token + "\n");
        return token;
    }
}
