package dev.bourse.engine.command;

/**
 * A deterministic 64-bit digest of a command's intent (every field but the idempotency key), so that a reused key can
 * be told apart from a retry. It must not depend on identity hash codes: it is part of the state hash.
 */
final class Fingerprint
{
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private long state;

    Fingerprint(final int commandType)
    {
        state = mix(commandType + 0x632BE59BD9B4E019L);
    }

    Fingerprint add(final long value)
    {
        state = mix(state * MULTIPLIER + value);
        return this;
    }

    Fingerprint add(final Enum<?> value)
    {
        return add(null == value ? -1 : value.ordinal());
    }

    Fingerprint add(final String value)
    {
        if (null == value)
        {
            return add(-1L);
        }
        add(value.length());
        for (int i = 0; i < value.length(); i++)
        {
            state = state * 31 + value.charAt(i);
        }
        state = mix(state);
        return this;
    }

    long value()
    {
        return state;
    }

    // SplitMix64's finaliser: every input bit affects every output bit.
    private static long mix(final long z0)
    {
        long z = (z0 ^ (z0 >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
