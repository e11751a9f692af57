package dev.bourse.gateway.json;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
 * Netty's frame validator costs a bounds-checked call per byte of every message; messages here are almost all ASCII,
 * which this passes through in a plain loop over the array that the message is parsed from anyway.
 */
public final class Utf8
{
    private Utf8()
    {
    }

    /** True when all of {@code bytes} is well-formed UTF-8. */
    public static boolean isValid(final byte[] bytes)
    {
        final int length = bytes.length;
        int i = 0;
        while (i < length)
        {
            final int lead = bytes[i] & 0xFF;
            if (lead < 0x80)
            {
                i++;
                continue;
            }
            // The lead byte fixes the length and the range of the first continuation byte; later ones are 80..BF.
            final int continuations;
            int low = 0x80;
            int high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF)
            {
                continuations = 1;
            }
            else if (lead >= 0xE0 && lead <= 0xEF)
            {
                continuations = 2;
                if (0xE0 == lead)
                {
                    low = 0xA0; // overlong below U+0800
                }
                else if (0xED == lead)
                {
                    high = 0x9F; // U+D800..U+DFFF are surrogates
                }
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                continuations = 3;
                if (0xF0 == lead)
                {
                    low = 0x90; // overlong below U+10000
                }
                else if (0xF4 == lead)
                {
                    high = 0x8F; // past U+10FFFF
                }
            }
            else
            {
                return false; // a continuation byte out of place, C0/C1 (always overlong) or F5..FF
            }
            if (i + continuations >= length)
            {
                return false;
            }
            final int first = bytes[i + 1] & 0xFF;
            if (first < low || first > high)
            {
                return false;
            }
            for (int k = 2; k <= continuations; k++)
            {
                if ((bytes[i + k] & 0xC0) != 0x80)
                {
                    return false;
                }
            }
            i += continuations + 1;
        }
        return true;
    }
}
