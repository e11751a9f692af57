package dev.bourse.gateway.json;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalsTest
{
    private static final int RANDOM_RUNS = 200_000;
    private static final int MAX_SCALE = 18;
    // A new seed each run widens coverage over time; a failure prints it, and -Dbourse.test.seed=... replays it.
    private static final long SEED = Long.getLong("bourse.test.seed", new Random().nextLong());

    @Test
    void shouldFormatKnownValues()
    {
        assertThat(Decimals.format(0, 0)).isEqualTo("0");
        assertThat(Decimals.format(0, 2)).isEqualTo("0.00");
        assertThat(Decimals.format(5, 2)).isEqualTo("0.05");
        assertThat(Decimals.format(-5, 2)).isEqualTo("-0.05");
        assertThat(Decimals.format(100, 2)).isEqualTo("1.00");
        assertThat(Decimals.format(-12_345, 2)).isEqualTo("-123.45");
        assertThat(Decimals.format(1, 18)).isEqualTo("0.000000000000000001");
        assertThat(Decimals.format(Long.MAX_VALUE, 18)).isEqualTo("9.223372036854775807");
        assertThat(Decimals.format(Long.MIN_VALUE, 0)).isEqualTo("-9223372036854775808");
        assertThat(Decimals.format(Long.MIN_VALUE, 2)).isEqualTo("-92233720368547758.08");
        assertThat(Decimals.format(Long.MIN_VALUE, 18)).isEqualTo("-9.223372036854775808");
    }

    @Test
    void shouldMatchBigDecimalAtEveryPowerOfTenAndEveryScale()
    {
        for (int scale = 0; scale <= MAX_SCALE; scale++)
        {
            check(Long.MIN_VALUE, scale);
            check(Long.MIN_VALUE + 1, scale);
            check(Long.MAX_VALUE, scale);
            long power = 1;
            for (int k = 0; k <= MAX_SCALE; k++)
            {
                for (long value = power - 1; value <= power + 1; value++)
                {
                    check(value, scale);
                    check(-value, scale);
                }
                check(9 * power, scale);
                check(-9 * power, scale);
                power *= 10;
            }
        }
    }

    @Test
    void shouldMatchBigDecimalForRandomValues()
    {
        final Random random = new Random(SEED);
        for (int i = 0; i < RANDOM_RUNS; i++)
        {
            // Shifting by a random amount spreads the values over every digit count, not mostly 19 digits.
            final long value = random.nextLong() >> random.nextInt(64);
            check(value, random.nextInt(MAX_SCALE + 1));
        }
    }

    private static void check(final long value, final int scale)
    {
        final String text = Decimals.format(value, scale);
        assertThat(text)
            .as("seed=%d value=%d scale=%d", SEED, value, scale)
            .isEqualTo(BigDecimal.valueOf(value, scale).toPlainString());
        if (Long.MIN_VALUE != value)
        {
            assertThat(Decimals.parse(text, scale)).as("seed=%d parse of %s", SEED, text).isEqualTo(value);
        }
    }
}
