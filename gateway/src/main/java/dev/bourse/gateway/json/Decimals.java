package dev.bourse.gateway.json;

import dev.bourse.engine.instrument.Amounts;

/**
 * Strict conversion between decimal strings and scaled {@code long}s. Accepts only {@code [-]digits[.digits]}: no
 * exponent, no sign on zero-less forms like ".5", no more decimals than the scale, nothing that overflows.
 */
public final class Decimals
{
    private static final int MAX_DIGITS = 19;
    private static final String[] ZEROS = new String[MAX_DIGITS];

    static
    {
        for (int i = 0; i < ZEROS.length; i++)
        {
            ZEROS[i] = "0".repeat(i);
        }
    }

    private Decimals()
    {
    }

    /**
     * The value of {@code text} in units of 10^-scale.
     *
     * @throws NumberFormatException with a message fit for a client when the text is not a plain decimal, has more
     *                               than {@code scale} decimals, or does not fit.
     */
    public static long parse(final String text, final int scale)
    {
        final int length = text.length();
        int i = 0;
        final boolean negative = length > 0 && text.charAt(0) == '-';
        if (negative)
        {
            i++;
        }
        final int integerStart = i;
        while (i < length && isDigit(text.charAt(i)))
        {
            i++;
        }
        final int integerDigits = i - integerStart;
        int fractionDigits = 0;
        if (i < length && text.charAt(i) == '.')
        {
            i++;
            final int fractionStart = i;
            while (i < length && isDigit(text.charAt(i)))
            {
                i++;
            }
            fractionDigits = i - fractionStart;
            if (0 == fractionDigits)
            {
                throw new NumberFormatException("not a decimal number");
            }
        }
        if (0 == integerDigits || i != length)
        {
            throw new NumberFormatException("not a decimal number");
        }
        if (fractionDigits > scale)
        {
            throw new NumberFormatException("at most " + scale + " decimal places");
        }
        if (integerDigits + scale > MAX_DIGITS + 1)
        {
            throw new NumberFormatException("number too large");
        }
        long value = 0;
        for (int k = integerStart; k < length; k++)
        {
            final char c = text.charAt(k);
            if (c != '.')
            {
                value = accumulate(value, c - '0');
            }
        }
        for (int k = fractionDigits; k < scale; k++)
        {
            value = accumulate(value, 0);
        }
        return negative ? -value : value;
    }

    /**
     * {@code value} units of 10^-scale as a decimal string with exactly {@code scale} decimals, for a scale from 0 to
     * 18.
     */
    public static String format(final long value, final int scale)
    {
        if (0 == scale)
        {
            return Long.toString(value);
        }
        final long unit = Amounts.pow10(scale);
        // Split the value made non-positive: Long.MIN_VALUE has no positive counterpart, but its two parts do.
        final long nonPositive = value < 0 ? value : -value;
        final long whole = -(nonPositive / unit);
        final long fraction = -(nonPositive + whole * unit);
        // One concatenation sizes and fills the string in one go, with no intermediate strings.
        return (value < 0 ? "-" : "") + whole + '.' + ZEROS[leadingZeros(fraction, scale)] + fraction;
    }

    private static long accumulate(final long value, final int digit)
    {
        try
        {
            return Math.addExact(Math.multiplyExact(value, 10), digit);
        }
        catch (final ArithmeticException e)
        {
            throw new NumberFormatException("number too large");
        }
    }

    private static int leadingZeros(final long fraction, final int scale)
    {
        int zeros = scale - 1;
        for (long power = 10; power <= fraction; power *= 10)
        {
            zeros--;
        }
        return zeros;
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }
}
