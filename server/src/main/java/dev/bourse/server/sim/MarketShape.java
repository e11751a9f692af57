package dev.bourse.server.sim;

import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.instrument.Amounts;

import java.math.BigInteger;

/**
 * Where and how much the simulator trades on one instrument, worked out once from its rules so that every order it
 * sends is on the tick and the lot, within the quantity limits, above the minimum notional and inside the price band.
 *
 * @param symbol         the instrument id.
 * @param tickSize       price units of one tick.
 * @param startTicks     the listed reference price, in ticks: the centre the reference walks around.
 * @param spacingTicks   distance between neighbouring quote levels, in ticks.
 * @param walkBoundTicks the reference never strays further than this from the start, in ticks.
 * @param unitQuantity   the smallest order the simulator sends, valid at its lowest price.
 * @param maxQuantity    the largest valid quantity on the lot.
 */
record MarketShape(
    String symbol, long tickSize, long startTicks, long spacingTicks, long walkBoundTicks, long unitQuantity,
    long maxQuantity)
{
    // The band is measured from the last trade, which is one of the simulator's own prices. Keeping every price
    // within 3/16 of a band of the start keeps any two of them well inside one band of each other.
    private static final int WALK_BAND_DIVISOR = 8;
    private static final int DEPTH_BAND_DIVISOR = 16;
    // Quotes one basis point apart look like a real book on both a 65000.00 and a 1.08500 price.
    private static final double SPACING_FRACTION = 1e-4;

    /**
     * The shape for an instrument, or null when the simulator cannot trade it: it has no listed reference price, or
     * no quantity is both valid and above the minimum notional.
     *
     * @param spec       the instrument's listing.
     * @param quoteScale decimal places of the quote asset.
     * @param levels     quote levels per side.
     */
    static MarketShape of(final CreateInstrument spec, final int quoteScale, final int levels)
    {
        final long tick = spec.tickSize();
        final long startTicks = spec.referencePrice() / tick;
        final int notionalExponent = quoteScale - spec.priceScale() - spec.quantityScale();
        if (startTicks <= 0 || notionalExponent < 0)
        {
            return null;
        }
        final long bandTicks = Amounts.bpsFloor(spec.referencePrice(), spec.priceBandBps()) / tick;
        final long walkBound = bandTicks / WALK_BAND_DIVISOR;
        final long spacingLimit = Math.max(1, bandTicks / ((long)DEPTH_BAND_DIVISOR * levels));
        final long spacing = Math.max(1, Math.min(Math.round(startTicks * SPACING_FRACTION), spacingLimit));
        final long lowestTicks = Math.max(1, startTicks - walkBound - levels * spacing);

        final BigInteger lot = BigInteger.valueOf(spec.lotSize());
        final BigInteger perQuantityUnit = BigInteger.valueOf(lowestTicks).multiply(BigInteger.valueOf(tick))
            .multiply(BigInteger.TEN.pow(notionalExponent));
        final BigInteger forNotional = ceilDiv(BigInteger.valueOf(spec.minNotional()), perQuantityUnit);
        final BigInteger unit = ceilDiv(forNotional.max(BigInteger.valueOf(spec.minQuantity())), lot).multiply(lot);
        final long maxQuantity = spec.maxQuantity() / spec.lotSize() * spec.lotSize();
        if (unit.compareTo(BigInteger.valueOf(maxQuantity)) > 0)
        {
            return null;
        }
        return new MarketShape(spec.symbol(), tick, startTicks, spacing, walkBound, unit.longValueExact(), maxQuantity);
    }

    /** {@code units} times the unit quantity, capped at the largest valid quantity. */
    long quantity(final int units)
    {
        return unitQuantity > maxQuantity / units ? maxQuantity : unitQuantity * units;
    }

    /** The price of a number of ticks. */
    long price(final long ticks)
    {
        return ticks * tickSize;
    }

    private static BigInteger ceilDiv(final BigInteger dividend, final BigInteger divisor)
    {
        final BigInteger[] quotientAndRemainder = dividend.divideAndRemainder(divisor);
        return quotientAndRemainder[1].signum() > 0 ? quotientAndRemainder[0].add(BigInteger.ONE)
            : quotientAndRemainder[0];
    }
}
