package dev.bourse.engine.instrument;

/**
 * Arithmetic on non-negative scaled {@code long} amounts. Overflow is reported as {@link #OVERFLOW} instead of an
 * exception, so callers turn it into a business rejection.
 */
public final class Amounts
{
    /** Returned when a result does not fit in a {@code long}. */
    public static final long OVERFLOW = -1;

    /** Basis points in one whole. */
    public static final long BPS = 10_000;

    private static final long[] POWERS_OF_TEN = new long[19];

    static
    {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private Amounts()
    {
    }

    /** 10 to the given power, for 0 to 18. */
    public static long pow10(final int exponent)
    {
        return POWERS_OF_TEN[exponent];
    }

    /** {@code a * b} for non-negative operands, or {@link #OVERFLOW}. */
    public static long multiply(final long a, final long b)
    {
        if (a < 0 || b < 0)
        {
            return OVERFLOW;
        }
        final long product = a * b;
        return Math.multiplyHigh(a, b) != 0 || product < 0 ? OVERFLOW : product;
    }

    /** {@code a + b} for non-negative operands, or {@link #OVERFLOW}. */
    public static long add(final long a, final long b)
    {
        if (a < 0 || b < 0)
        {
            return OVERFLOW;
        }
        final long sum = a + b;
        return sum < 0 ? OVERFLOW : sum;
    }

    /** {@code floor(amount * bps / 10000)} for a non-negative amount and 0 &lt;= bps &lt;= 10000, without overflow. */
    public static long bpsFloor(final long amount, final long bps)
    {
        return amount / BPS * bps + amount % BPS * bps / BPS;
    }

    /** {@code ceil(amount * bps / 10000)} for a non-negative amount and 0 &lt;= bps &lt;= 10000, without overflow. */
    public static long bpsCeil(final long amount, final long bps)
    {
        final long remainderProduct = amount % BPS * bps;
        return amount / BPS * bps + (remainderProduct + BPS - 1) / BPS;
    }
}
