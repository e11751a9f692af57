package dev.bourse.server.config;

import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * An instrument as written under {@code instruments:}, amounts still decimal; {@link ConfigLoader} has checked it
 * against everything the engine would refuse.
 *
 * @param symbol         {@code BASE/QUOTE}, e.g. {@code BTC/USD}.
 * @param priceScale     decimal places of a price.
 * @param quantityScale  decimal places of a quantity.
 * @param tickSize       prices are multiples of this, in quote per whole base unit.
 * @param lotSize        quantities are multiples of this, in base.
 * @param minQuantity    smallest order quantity, in base.
 * @param maxQuantity    largest order quantity, in base.
 * @param minNotional    smallest price x quantity of an order, in quote.
 * @param makerFeeBps    maker fee in basis points, 0 to 1000.
 * @param takerFeeBps    taker fee in basis points, 0 to 1000.
 * @param feeAsset       which asset fees are taken in.
 * @param priceBandBps   orders must be priced within this many basis points of the reference price, 1 to 10000.
 * @param referencePrice the reference price until the first trade or two-sided book; 0 for none.
 */
public record InstrumentSpec(
    String symbol,
    int priceScale,
    int quantityScale,
    BigDecimal tickSize,
    BigDecimal lotSize,
    BigDecimal minQuantity,
    BigDecimal maxQuantity,
    BigDecimal minNotional,
    int makerFeeBps,
    int takerFeeBps,
    FeeAsset feeAsset,
    int priceBandBps,
    BigDecimal referencePrice)
{
    /** Checks that every reference is present and the symbol has a slash. */
    public InstrumentSpec
    {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(tickSize, "tickSize");
        Objects.requireNonNull(lotSize, "lotSize");
        Objects.requireNonNull(minQuantity, "minQuantity");
        Objects.requireNonNull(maxQuantity, "maxQuantity");
        Objects.requireNonNull(minNotional, "minNotional");
        Objects.requireNonNull(feeAsset, "feeAsset");
        Objects.requireNonNull(referencePrice, "referencePrice");
        if (symbol.indexOf('/') < 1)
        {
            throw new IllegalArgumentException("symbol must be BASE/QUOTE, got " + symbol);
        }
    }

    /** The base asset's code. */
    public String base()
    {
        return symbol.substring(0, symbol.indexOf('/'));
    }

    /** The quote asset's code. */
    public String quote()
    {
        return symbol.substring(symbol.indexOf('/') + 1);
    }

    /**
     * The engine command that lists this instrument, trading at once: prices in units of 10^-priceScale, quantities
     * in units of 10^-quantityScale, the minimum notional in units of the quote asset's scale.
     *
     * @param assetScales scale of each asset by code; must hold the quote asset.
     * @throws IllegalArgumentException when the quote asset has no scale or an amount is not exact at its scale.
     */
    public CreateInstrument toCommand(final Map<String, Integer> assetScales)
    {
        final Integer quoteScale = assetScales.get(quote());
        if (null == quoteScale)
        {
            throw new IllegalArgumentException("no scale for asset " + quote());
        }
        try
        {
            return new CreateInstrument(
                base(), quote(), priceScale, quantityScale,
                units(tickSize, priceScale), units(lotSize, quantityScale),
                units(minQuantity, quantityScale), units(maxQuantity, quantityScale),
                units(minNotional, quoteScale), makerFeeBps, takerFeeBps, feeAsset, priceBandBps,
                units(referencePrice, priceScale), InstrumentStatus.TRADING);
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException(symbol + ": an amount is not exact at its scale", ex);
        }
    }

    /**
     * {@code amount} in units of 10^-scale.
     *
     * @throws ArithmeticException when it has more decimals than {@code scale} or does not fit a long.
     */
    static long units(final BigDecimal amount, final int scale)
    {
        return amount.movePointRight(scale).longValueExact();
    }
}
