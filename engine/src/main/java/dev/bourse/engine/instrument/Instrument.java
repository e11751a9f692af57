package dev.bourse.engine.instrument;

import dev.bourse.engine.book.BookSide;
import dev.bourse.engine.book.OrderBook;
import dev.bourse.engine.command.CreateInstrument;

import java.util.List;

/**
 * A listed spot instrument: its fixed rules, its status, its last trade price and its order book. Owned by the engine
 * thread.
 */
public final class Instrument
{
    private final int id;
    private final String symbol;
    private final CreateInstrument spec;
    private final Asset base;
    private final Asset quote;
    private final long notionalMultiplier;
    private final long baseMultiplier;
    private final OrderBook book;
    private InstrumentStatus status;
    private long lastTradePrice;

    /**
     * Lists an instrument; the spec must have passed {@link #validate}.
     *
     * @param id    dense id, in order of listing.
     * @param spec  the listing command.
     * @param base  the base asset.
     * @param quote the quote asset.
     * @param dirtySides where the book's sides register when a command changes them.
     */
    public Instrument(
        final int id, final CreateInstrument spec, final Asset base, final Asset quote,
        final List<BookSide> dirtySides)
    {
        this.id = id;
        this.symbol = spec.symbol();
        this.spec = spec;
        this.base = base;
        this.quote = quote;
        this.notionalMultiplier = Amounts.pow10(quote.scale() - spec.priceScale() - spec.quantityScale());
        this.baseMultiplier = Amounts.pow10(base.scale() - spec.quantityScale());
        this.status = spec.status();
        this.book = new OrderBook(id, dirtySides);
    }

    /** Null when the spec is consistent with its assets, else a description of the first problem. */
    public static String validate(final CreateInstrument spec, final Asset base, final Asset quote)
    {
        if (base.id() == quote.id())
        {
            return "base and quote must differ";
        }
        if (spec.priceScale() < 0 || spec.quantityScale() < 0)
        {
            return "scales must not be negative";
        }
        if (quote.scale() < spec.priceScale() + spec.quantityScale())
        {
            return "quote asset scale must be at least priceScale + quantityScale";
        }
        if (base.scale() < spec.quantityScale())
        {
            return "base asset scale must be at least quantityScale";
        }
        if (spec.tickSize() <= 0 || spec.lotSize() <= 0)
        {
            return "tick and lot sizes must be positive";
        }
        if (spec.minQuantity() < spec.lotSize() || spec.maxQuantity() < spec.minQuantity())
        {
            return "need lotSize <= minQuantity <= maxQuantity";
        }
        if (spec.minNotional() < 0)
        {
            return "minNotional must not be negative";
        }
        if (spec.makerFeeBps() < 0 || spec.makerFeeBps() > 1000 || spec.takerFeeBps() < 0
            || spec.takerFeeBps() > 1000)
        {
            return "fees must be 0 to 1000 bps";
        }
        if (spec.priceBandBps() < 1 || spec.priceBandBps() > 10_000)
        {
            return "price band must be 1 to 10000 bps";
        }
        if (spec.referencePrice() < 0 || spec.referencePrice() % spec.tickSize() != 0)
        {
            return "reference price must be 0 or a positive multiple of the tick";
        }
        return null;
    }

    /** Dense id, in order of listing. */
    public int id()
    {
        return id;
    }

    /** {@code BASE/QUOTE}. */
    public String symbol()
    {
        return symbol;
    }

    /** The listing command, which holds every fixed rule. */
    public CreateInstrument spec()
    {
        return spec;
    }

    /** The base asset. */
    public Asset base()
    {
        return base;
    }

    /** The quote asset. */
    public Asset quote()
    {
        return quote;
    }

    /** The order book. */
    public OrderBook book()
    {
        return book;
    }

    /** The current status. */
    public InstrumentStatus status()
    {
        return status;
    }

    /** Sets the status. */
    public void status(final InstrumentStatus status)
    {
        this.status = status;
    }

    /** Price of the last trade, or 0 before the first. */
    public long lastTradePrice()
    {
        return lastTradePrice;
    }

    /** Records the price of a trade. */
    public void lastTradePrice(final long price)
    {
        this.lastTradePrice = price;
    }

    /** Base asset units in a quantity. */
    public long baseAmount(final long quantity)
    {
        return quantity * baseMultiplier;
    }

    /** Quote asset units of price x quantity, or {@link Amounts#OVERFLOW}. */
    public long notional(final long price, final long quantity)
    {
        final long product = Amounts.multiply(price, quantity);
        return product == Amounts.OVERFLOW ? Amounts.OVERFLOW : Amounts.multiply(product, notionalMultiplier);
    }

    /** The price the band is measured from: last trade, else mid, else the listed reference; 0 when none. */
    public long referencePrice()
    {
        if (lastTradePrice > 0)
        {
            return lastTradePrice;
        }
        final long bid = book.bids().bestPrice();
        final long ask = book.asks().bestPrice();
        if (bid > 0 && ask > 0)
        {
            return bid + (ask - bid) / 2;
        }
        return spec.referencePrice();
    }

    /** Lowest price inside the band around the reference, rounded up to the tick (at least one tick). */
    public long bandLow(final long reference)
    {
        final long low = reference - Amounts.bpsFloor(reference, spec.priceBandBps());
        final long tick = spec.tickSize();
        return Math.max(tick, (low + tick - 1) / tick * tick);
    }

    /** Highest price inside the band around the reference, rounded down to the tick. */
    public long bandHigh(final long reference)
    {
        final long high = reference + Amounts.bpsFloor(reference, spec.priceBandBps());
        return high / spec.tickSize() * spec.tickSize();
    }
}
