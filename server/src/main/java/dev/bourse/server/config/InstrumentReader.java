package dev.bourse.server.config;

import dev.bourse.engine.instrument.FeeAsset;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code instruments:} list, refusing here whatever the engine would refuse when listing them. */
final class InstrumentReader
{
    private static final Pattern SYMBOL = Pattern.compile("([A-Z0-9]{1,16})/([A-Z0-9]{1,16})");

    /** An asset's scale is 0 to 18 (a long holds 18 full digits), so the two instrument scales share that. */
    static final int MAX_SCALE = 18;

    private static final Set<String> KEYS = Set.of(
        "symbol", "price_scale", "quantity_scale", "tick_size", "lot_size", "min_quantity", "max_quantity",
        "min_notional", "maker_fee_bps", "taker_fee_bps", "fee_asset", "price_band_bps", "reference_price");
    private static final int MAX_FEE_BPS = 1000;
    private static final int MAX_BAND_BPS = 10_000;
    private static final int DEFAULT_BAND_BPS = 1000;

    private InstrumentReader()
    {
    }

    /** Every instrument in file order; a symbol listed twice is an error. */
    static List<InstrumentSpec> readAll(final List<ConfigNode> nodes)
    {
        final List<InstrumentSpec> instruments = new ArrayList<>(nodes.size());
        final Set<String> symbols = new HashSet<>();
        for (final ConfigNode node : nodes)
        {
            final InstrumentSpec spec = read(node);
            if (!symbols.add(spec.symbol()))
            {
                throw node.error("symbol", "duplicate instrument " + spec.symbol());
            }
            instruments.add(spec);
        }
        return instruments;
    }

    /** Checks each minimum notional is exact at its quote asset's scale, known only once assets are resolved. */
    static void checkMinNotionals(
        final List<ConfigNode> nodes, final List<InstrumentSpec> instruments, final Map<String, Integer> assetScales)
    {
        for (int i = 0; i < instruments.size(); i++)
        {
            final InstrumentSpec spec = instruments.get(i);
            units(nodes.get(i), "min_notional", spec.minNotional(), assetScales.get(spec.quote()));
        }
    }

    private static InstrumentSpec read(final ConfigNode node)
    {
        node.allowOnly(KEYS);
        final String symbol = node.string("symbol", null);
        final Matcher parts = SYMBOL.matcher(symbol);
        if (!parts.matches())
        {
            throw node.error("symbol", "must be BASE/QUOTE with asset codes of 1 to 16 characters A-Z and 0-9, got \""
                + symbol + '"');
        }
        if (parts.group(1).equals(parts.group(2)))
        {
            throw node.error("symbol", "base and quote must differ, got \"" + symbol + '"');
        }
        final int priceScale = node.integer("price_scale", null, 0, MAX_SCALE);
        final int quantityScale = node.integer("quantity_scale", null, 0, MAX_SCALE);
        if (priceScale + quantityScale > MAX_SCALE)
        {
            throw node.error("quantity_scale", "price_scale + quantity_scale must be at most " + MAX_SCALE + ", got "
                + (priceScale + quantityScale));
        }

        final BigDecimal tick = node.decimal("tick_size", BigDecimal.ONE.movePointLeft(priceScale));
        final long tickUnits = positiveUnits(node, "tick_size", tick, priceScale);
        final BigDecimal lot = node.decimal("lot_size", BigDecimal.ONE.movePointLeft(quantityScale));
        final long lotUnits = positiveUnits(node, "lot_size", lot, quantityScale);
        final BigDecimal minQuantity = node.decimal("min_quantity", lot);
        final long minUnits = lots(node, "min_quantity", minQuantity, quantityScale, lot, lotUnits);
        final BigDecimal maxQuantity = node.decimal("max_quantity", null);
        final long maxUnits = lots(node, "max_quantity", maxQuantity, quantityScale, lot, lotUnits);
        if (maxUnits < minUnits)
        {
            throw node.error("max_quantity", "must be at least min_quantity " + minQuantity.toPlainString() + ", got "
                + maxQuantity.toPlainString());
        }
        final BigDecimal referencePrice = node.decimal("reference_price", BigDecimal.ZERO);
        if (units(node, "reference_price", referencePrice, priceScale) % tickUnits != 0)
        {
            throw node.error("reference_price", referencePrice.toPlainString() + " is not a multiple of tick_size "
                + tick.toPlainString());
        }
        return new InstrumentSpec(
            symbol, priceScale, quantityScale, tick, lot, minQuantity, maxQuantity,
            node.decimal("min_notional", BigDecimal.ZERO),
            node.integer("maker_fee_bps", 0, 0, MAX_FEE_BPS),
            node.integer("taker_fee_bps", 0, 0, MAX_FEE_BPS),
            node.oneOf("fee_asset", FeeAsset.RECEIVED),
            node.integer("price_band_bps", DEFAULT_BAND_BPS, 1, MAX_BAND_BPS),
            referencePrice);
    }

    private static long positiveUnits(final ConfigNode node, final String key, final BigDecimal amount, final int scale)
    {
        final long value = units(node, key, amount, scale);
        if (value <= 0)
        {
            throw node.error(key, "must be above 0, got " + amount.toPlainString());
        }
        return value;
    }

    /** A quantity bound: at least one lot and a whole number of lots, so an order at the bound is accepted. */
    private static long lots(
        final ConfigNode node, final String key, final BigDecimal amount, final int scale, final BigDecimal lot,
        final long lotUnits)
    {
        final long value = units(node, key, amount, scale);
        if (value < lotUnits)
        {
            throw node.error(key, "must be at least lot_size " + lot.toPlainString() + ", got "
                + amount.toPlainString());
        }
        if (value % lotUnits != 0)
        {
            throw node.error(key, amount.toPlainString() + " is not a multiple of lot_size " + lot.toPlainString());
        }
        return value;
    }

    private static long units(final ConfigNode node, final String key, final BigDecimal amount, final int scale)
    {
        if (amount.stripTrailingZeros().scale() > scale)
        {
            throw node.error(key, amount.toPlainString() + " has more than " + scale + " decimals");
        }
        try
        {
            return InstrumentSpec.units(amount, scale);
        }
        catch (final ArithmeticException ex)
        {
            throw node.error(key, amount.toPlainString() + " is too large");
        }
    }
}
