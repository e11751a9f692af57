package dev.bourse.engine.command;

import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;

import java.util.Objects;

/**
 * Lists a spot instrument {@code BASE/QUOTE}. Prices are in units of 10^-priceScale quote per whole base unit;
 * quantities in units of 10^-quantityScale base. The quote asset's scale must be at least priceScale + quantityScale
 * and the base asset's at least quantityScale, so that every notional is exact.
 *
 * @param base           code of the base asset, which must exist.
 * @param quote          code of the quote asset, which must exist.
 * @param priceScale     decimal places of a price.
 * @param quantityScale  decimal places of a quantity.
 * @param tickSize       prices are multiples of this, in price units.
 * @param lotSize        quantities are multiples of this, in quantity units.
 * @param minQuantity    smallest order quantity, in quantity units.
 * @param maxQuantity    largest order quantity, in quantity units.
 * @param minNotional    smallest price x quantity of an order, in quote asset units.
 * @param makerFeeBps    maker fee in basis points, 0 to 1000.
 * @param takerFeeBps    taker fee in basis points, 0 to 1000.
 * @param feeAsset       which asset fees are taken in.
 * @param priceBandBps   orders must be priced within this many basis points of the reference price, 1 to 10000.
 * @param referencePrice the reference price until the first trade or two-sided book, in price units; 0 for none.
 * @param status         the status the instrument starts in.
 */
public record CreateInstrument(
    String base,
    String quote,
    int priceScale,
    int quantityScale,
    long tickSize,
    long lotSize,
    long minQuantity,
    long maxQuantity,
    long minNotional,
    int makerFeeBps,
    int takerFeeBps,
    FeeAsset feeAsset,
    int priceBandBps,
    long referencePrice,
    InstrumentStatus status) implements Command
{
    /** Checks that the required references are present. */
    public CreateInstrument
    {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(feeAsset, "feeAsset");
        Objects.requireNonNull(status, "status");
    }

    /** The canonical instrument id, {@code BASE/QUOTE}. */
    public String symbol()
    {
        return base + '/' + quote;
    }
}
