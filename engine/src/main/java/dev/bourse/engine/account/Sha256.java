package dev.bourse.engine.account;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A SHA-256 digest held as a value: how the engine stores an API key without ever seeing the key. */
public record Sha256(long w0, long w1, long w2, long w3)
{
    /** The digest of a clear key's UTF-8 bytes; called at the edge, never inside the engine. */
    public static Sha256 of(final String clearKey)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(clearKey.getBytes(StandardCharsets.UTF_8));
            return fromBytes(digest);
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The digest from its 32 bytes. */
    public static Sha256 fromBytes(final byte[] digest)
    {
        if (digest.length != 32)
        {
            throw new IllegalArgumentException("SHA-256 has 32 bytes, got length=" + digest.length);
        }
        final ByteBuffer b = ByteBuffer.wrap(digest);
        return new Sha256(b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    /** The 32 bytes of the digest. */
    public byte[] bytes()
    {
        return ByteBuffer.allocate(32).putLong(w0).putLong(w1).putLong(w2).putLong(w3).array();
    }

    @Override
    public String toString()
    {
        return HexFormat.of().formatHex(bytes());
    }
}
