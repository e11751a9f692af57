package dev.bourse.engine;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.command.Withdraw;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EventRecorder;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.instrument.Asset;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine with assets USD and NGN (scale 4), the instrument USD/NGN (prices and quantities with 2 decimals, maker
 * 10 bps, taker 20 bps, fees in the received asset, band 10% around 1650.00) and three funded accounts, plus helpers
 * that stamp commands with increasing sequence numbers. Prices are in hundredths of NGN, quantities in hundredths of
 * USD: {@code 1_00} is one USD. Because the quote scale is exactly priceScale + quantityScale, a notional in NGN units
 * is simply price x quantity.
 */
final class EngineFixture
{
    static final String USD = "USD";
    static final String NGN = "NGN";
    static final String SYMBOL = "USD/NGN";
    static final String EUR = "EUR";
    static final String EUR_NGN = "EUR/NGN";
    static final int USD_ID = 0;
    static final int NGN_ID = 1;
    static final int INSTRUMENT_ID = 0;

    static final long FEE_ACCOUNT = 0;
    static final long ALICE = 1;
    static final long BOB = 2;
    static final long CAROL = 3;

    /** 1,000,000.0000 NGN. */
    static final long NGN_FUNDS = 1_000_000_0000L;
    /** 1,000.0000 USD. */
    static final long USD_FUNDS = 1_000_0000L;

    static final long REFERENCE_PRICE = 1650_00;
    /** The band is 10% either side of the reference: [1485.00, 1815.00]. */
    static final long BAND_LOW = 1485_00;
    static final long BAND_HIGH = 1815_00;

    static final long T0 = 1_700_000_000_000_000_000L;

    final EventRecorder recorder = new EventRecorder();
    final Engine engine = new Engine(recorder);
    private final Map<String, Long> netDeposits = new HashMap<>();
    private long sequence;
    private long now = T0;

    EngineFixture()
    {
        apply(new CreateAsset(USD, 4));
        apply(new CreateAsset(NGN, 4));
        apply(usdNgn().build());
        for (final long account : new long[] {ALICE, BOB, CAROL})
        {
            openAccount(account, StpMode.EXPIRE_TAKER);
        }
    }

    /** The USD/NGN listing as the fixture creates it; change fields to list variants. */
    static Spec usdNgn()
    {
        return new Spec();
    }

    /** Lists EUR/NGN (instrument id 1) from the given spec and gives every trading account EUR. */
    void listEurNgn(final Spec spec)
    {
        apply(new CreateAsset(EUR, 4));
        apply(spec.pair(EUR, NGN).build());
        assertAccepted();
        for (final long account : new long[] {ALICE, BOB, CAROL})
        {
            deposit(account, EUR, USD_FUNDS);
        }
    }

    /** Opens an account with the fixture's USD and NGN funds. */
    void openAccount(final long account, final StpMode defaultStp)
    {
        apply(new CreateAccount(account, defaultStp));
        deposit(account, USD, USD_FUNDS);
        deposit(account, NGN, NGN_FUNDS);
    }

    /** Applies a command with the next sequence number at the current engine time; returns the sequence number. */
    long apply(final Command command)
    {
        sequence++;
        engine.apply(sequence, now, command);
        trackDeposits(command);
        return sequence;
    }

    /** Moves engine time forward for the following commands. */
    void advanceNanos(final long nanos)
    {
        now += nanos;
    }

    long now()
    {
        return now;
    }

    long nextSequence()
    {
        return sequence + 1;
    }

    void deposit(final long account, final String asset, final long amount)
    {
        apply(new Deposit(account, asset, amount, null));
        assertThat(result().outcome()).as("deposit").isEqualTo(Outcome.ACCEPTED);
    }

    /** A GTC limit buy on USD/NGN; returns the order id. */
    long buy(final long account, final long price, final long quantity)
    {
        return apply(PlaceOrder.limit(account, SYMBOL, Side.BUY, price, quantity));
    }

    /** A GTC limit sell on USD/NGN; returns the order id. */
    long sell(final long account, final long price, final long quantity)
    {
        return apply(PlaceOrder.limit(account, SYMBOL, Side.SELL, price, quantity));
    }

    /** A limit order with the given time in force on USD/NGN; returns the order id. */
    long limit(final long account, final Side side, final TimeInForce tif, final long price, final long quantity)
    {
        return apply(new PlaceOrder(account, SYMBOL, side, OrderType.LIMIT, tif, price, quantity, null, null, null));
    }

    /** A GTC limit order with a client order id on USD/NGN; returns the order id. */
    long limitWithClientId(
        final long account, final Side side, final long price, final long quantity, final String clientOrderId)
    {
        return apply(new PlaceOrder(
            account, SYMBOL, side, OrderType.LIMIT, TimeInForce.GTC, price, quantity, clientOrderId, null, null));
    }

    /** A GTC limit order with a self-trade prevention override on USD/NGN; returns the order id. */
    long limitWithStp(final long account, final Side side, final long price, final long quantity, final StpMode stp)
    {
        return apply(new PlaceOrder(
            account, SYMBOL, side, OrderType.LIMIT, TimeInForce.GTC, price, quantity, null, stp, null));
    }

    /** A GTC limit order on any instrument; returns the order id. */
    long limitOn(final String symbol, final long account, final Side side, final long price, final long quantity)
    {
        return apply(PlaceOrder.limit(account, symbol, side, price, quantity));
    }

    /** A market IOC order on any instrument; returns the order id. */
    long marketOn(final String symbol, final long account, final Side side, final long quantity)
    {
        return apply(PlaceOrder.market(account, symbol, side, quantity));
    }

    /** A market IOC order on USD/NGN; returns the order id. */
    long market(final long account, final Side side, final long quantity)
    {
        return apply(PlaceOrder.market(account, SYMBOL, side, quantity));
    }

    /** The events of the last command, from CommandStarted to CommandResult. */
    List<EngineEvent> events()
    {
        return recorder.lastCommand();
    }

    /** The last command's events of one type, in order. */
    <T extends EngineEvent> List<T> events(final Class<T> type)
    {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The last command's only event of this type. */
    <T extends EngineEvent> T only(final Class<T> type)
    {
        final List<T> found = events(type);
        assertThat(found).as("%s events of the last command", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    EngineEvent.CommandResult result()
    {
        return recorder.lastResult();
    }

    /** Asserts that the last command was accepted. */
    void assertAccepted()
    {
        assertThat(result().outcome()).as("outcome of %s", result()).isEqualTo(Outcome.ACCEPTED);
    }

    /** Asserts that the last command was rejected for this reason. */
    void assertRejected(final RejectReason reason)
    {
        assertThat(result().outcome()).as("outcome").isEqualTo(Outcome.REJECTED);
        assertThat(result().reason()).as("reason").isEqualTo(reason);
    }

    long available(final long account, final String asset)
    {
        return engine.available(account, asset);
    }

    long locked(final long account, final String asset)
    {
        return engine.locked(account, asset);
    }

    List<BookLevel> bids()
    {
        return engine.levels(SYMBOL, Side.BUY);
    }

    List<BookLevel> asks()
    {
        return engine.levels(SYMBOL, Side.SELL);
    }

    /** USD units in a quantity: four decimals against the quantity's two. */
    static long usd(final long quantity)
    {
        return quantity * 100;
    }

    /** NGN units of price x quantity. */
    static long notional(final long price, final long quantity)
    {
        return price * quantity;
    }

    /** What deposits minus withdrawals put into the engine, in one asset. */
    long netDeposits(final String asset)
    {
        return netDeposits.getOrDefault(asset, 0L);
    }

    /** Sum of available and locked over every account, the fee account included. */
    long totalHeld(final String asset)
    {
        long total = 0;
        for (final long account : engine.accountIds())
        {
            total += engine.available(account, asset) + engine.locked(account, asset);
        }
        return total;
    }

    /** The engine's own invariants, and conservation: every asset is held by some account. */
    void assertConsistent()
    {
        engine.checkInvariants();
        for (final Asset asset : engine.assets())
        {
            assertThat(totalHeld(asset.code())).as("total %s held", asset.code())
                .isEqualTo(netDeposits(asset.code()));
        }
    }

    private void trackDeposits(final Command command)
    {
        final EngineEvent.CommandResult result = recorder.lastResult();
        if (result.outcome() != Outcome.ACCEPTED || result.replayed())
        {
            return;
        }
        if (command instanceof Deposit d)
        {
            netDeposits.merge(d.asset(), d.amount(), Long::sum);
        }
        else if (command instanceof Withdraw w)
        {
            netDeposits.merge(w.asset(), -w.amount(), Long::sum);
        }
    }

    /** A mutable listing, USD/NGN by default. */
    static final class Spec
    {
        private String base = USD;
        private String quote = NGN;
        private int priceScale = 2;
        private int quantityScale = 2;
        private long tickSize = 1;
        private long lotSize = 1;
        private long minQuantity = 1;
        private long maxQuantity = 1_000_000_00L;
        private long minNotional = 0;
        private int makerFeeBps = 10;
        private int takerFeeBps = 20;
        private FeeAsset feeAsset = FeeAsset.RECEIVED;
        private int priceBandBps = 1000;
        private long referencePrice = REFERENCE_PRICE;
        private InstrumentStatus status = InstrumentStatus.TRADING;

        Spec pair(final String base, final String quote)
        {
            this.base = base;
            this.quote = quote;
            return this;
        }

        Spec scales(final int priceScale, final int quantityScale)
        {
            this.priceScale = priceScale;
            this.quantityScale = quantityScale;
            return this;
        }

        Spec tickSize(final long tickSize)
        {
            this.tickSize = tickSize;
            return this;
        }

        Spec lotSize(final long lotSize)
        {
            this.lotSize = lotSize;
            return this;
        }

        Spec quantityRange(final long minQuantity, final long maxQuantity)
        {
            this.minQuantity = minQuantity;
            this.maxQuantity = maxQuantity;
            return this;
        }

        Spec minNotional(final long minNotional)
        {
            this.minNotional = minNotional;
            return this;
        }

        Spec fees(final int makerFeeBps, final int takerFeeBps, final FeeAsset feeAsset)
        {
            this.makerFeeBps = makerFeeBps;
            this.takerFeeBps = takerFeeBps;
            this.feeAsset = feeAsset;
            return this;
        }

        Spec priceBandBps(final int priceBandBps)
        {
            this.priceBandBps = priceBandBps;
            return this;
        }

        Spec referencePrice(final long referencePrice)
        {
            this.referencePrice = referencePrice;
            return this;
        }

        CreateInstrument build()
        {
            return new CreateInstrument(base, quote, priceScale, quantityScale, tickSize, lotSize, minQuantity,
                maxQuantity, minNotional, makerFeeBps, takerFeeBps, feeAsset, priceBandBps, referencePrice, status);
        }
    }
}
