package dev.bourse.engine.hash;

import java.security.SecureRandom;

/**
 * SipHash-1-3 of a long and a string's chars under a 128-bit key. A client that chooses the strings a table is keyed by
 * (the idempotency store's keys) can make thousands that share a {@link String#hashCode()} ("Aa" and "BB" do), which
 * turns every lookup of an open-addressing table into a scan. Without the key, which is drawn once per process and
 * never leaves it, it cannot tell which strings collide here.
 *
 * <p>Where a string lands in a table never reaches the state, its snapshots or its hash, so replicas and restarts
 * agree whatever key each process drew.
 */
public final class SipHash
{
    /** The hash under this process's key. */
    public static final SipHash PROCESS = random();

    private static final int COMPRESSION_ROUNDS = 1;
    private static final int FINALIZATION_ROUNDS = 3;

    private final long k0;
    private final long k1;

    /**
     * A hash under a given key: tests, so that a seed gives the same table every run.
     *
     * @param k0 the key's first eight bytes, little-endian.
     * @param k1 the key's last eight bytes, little-endian.
     */
    public SipHash(final long k0, final long k1)
    {
        this.k0 = k0;
        this.k1 = k1;
    }

    private static SipHash random()
    {
        final SecureRandom random = new SecureRandom();
        return new SipHash(random.nextLong(), random.nextLong());
    }

    /** SipHash-1-3 of the message: {@code prefix} as eight bytes, then each char as two, all little-endian. */
    public long hash(final long prefix, final CharSequence chars)
    {
        return hash(COMPRESSION_ROUNDS, FINALIZATION_ROUNDS, prefix, chars);
    }

    // The rounds are a parameter so that a test can check the code against SipHash-2-4's published vectors.
    long hash(final int compressionRounds, final int finalizationRounds, final long prefix, final CharSequence chars)
    {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        final int words = 2 + chars.length() / 4;
        // One pass a word compresses it; the pass after the last word is the finalisation, with no word.
        for (int w = 0; w <= words; w++)
        {
            final boolean finalization = w == words;
            final long m = finalization ? 0 : word(prefix, chars, w, words);
            if (finalization)
            {
                v2 ^= 0xFF;
            }
            v3 ^= m;
            for (int r = finalization ? finalizationRounds : compressionRounds; r > 0; r--)
            {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13) ^ v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16) ^ v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21) ^ v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17) ^ v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    // Word 0 is the prefix, then four chars a word; the last holds what is left and the message's length in bytes.
    private static long word(final long prefix, final CharSequence chars, final int w, final int words)
    {
        if (0 == w)
        {
            return prefix;
        }
        final int length = chars.length();
        final int from = (w - 1) * 4;
        if (w < words - 1)
        {
            return chars.charAt(from) | (long)chars.charAt(from + 1) << 16
                | (long)chars.charAt(from + 2) << 32 | (long)chars.charAt(from + 3) << 48;
        }
        long m = 0;
        for (int i = from; i < length; i++)
        {
            m |= (long)chars.charAt(i) << ((i - from) << 4);
        }
        return m | (long)(8 + 2 * length) << 56;
    }
}
