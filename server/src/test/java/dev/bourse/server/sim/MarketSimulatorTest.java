package dev.bourse.server.sim;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.MassCancel;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.DiscardingEventSink;
import dev.bourse.engine.event.ForwardingEventSink;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.instrument.Amounts;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import dev.bourse.journal.Journal;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.Sequencer;
import dev.bourse.journal.sequencer.SequencerConfig;
import dev.bourse.journal.sequencer.Submissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MarketSimulatorTest
{
    private static final int LEVELS = 5;
    private static final Map<String, Integer> SCALES = Map.of("BTC", 8, "USD", 8, "EUR", 2, "ETH", 8);
    private static final List<CreateInstrument> INSTRUMENTS = List.of(
        // 65000.00 USD per BTC, 0.0001 BTC lots, at least 10 USD, a 10% band.
        new CreateInstrument("BTC", "USD", 2, 6, 1, 100, 100, 100_000_000, 10_0000_0000L, 2, 5, FeeAsset.QUOTE,
            1000, 65_000_00, InstrumentStatus.TRADING),
        // 1.08500 USD per EUR, whole-euro lots from 10 EUR, at least 1 USD, a 2% band.
        new CreateInstrument("EUR", "USD", 5, 2, 1, 100, 1000, 1_000_000_000, 1_0000_0000L, 1, 2, FeeAsset.RECEIVED,
            200, 1_08500, InstrumentStatus.TRADING),
        // 0.05200 BTC per ETH, 0.001 ETH lots from 0.01 ETH, at least 0.0001 BTC, a 5% band.
        new CreateInstrument("ETH", "BTC", 5, 3, 1, 1, 10, 1_000_000, 1_0000, 2, 5, FeeAsset.RECEIVED,
            500, 5200, InstrumentStatus.TRADING));

    @TempDir
    Path dir;

    private final MarketRecorder recorder = new MarketRecorder();
    private final List<MarketSimulator> simulators = new ArrayList<>();
    private Journal journal;
    private Sequencer sequencer;

    @BeforeEach
    void openVenue() throws Exception
    {
        journal = Journal.open(new JournalConfig(dir, SequencerConfig.DEFAULT.withPolicy(DurabilityPolicy.NONE),
            1 << 20, 0, 0, 2), recorder, warning -> { }, () -> System.currentTimeMillis() * 1_000_000L);
        sequencer = journal.sequencer();
        sequencer.start();
        for (final Map.Entry<String, Integer> asset : new TreeMap<>(SCALES).entrySet())
        {
            assertThat(submitAndWait(new CreateAsset(asset.getKey(), asset.getValue())).outcome())
                .isEqualTo(Outcome.ACCEPTED);
        }
        for (final CreateInstrument instrument : INSTRUMENTS)
        {
            assertThat(submitAndWait(instrument).outcome()).isEqualTo(Outcome.ACCEPTED);
        }
    }

    @AfterEach
    void closeVenue() throws Exception
    {
        for (final MarketSimulator simulator : simulators)
        {
            simulator.close();
        }
        journal.close();
    }

    @Test
    void shouldKeepEveryBookTwoSidedAndTradingThroughTheSequencer() throws Exception
    {
        final MarketSimulator simulator = run(42, 10);

        assertThat(simulator.symbols()).containsExactly("BTC/USD", "EUR/USD", "ETH/BTC");
        assertThat(simulator.failure()).isNull();
        assertThat(simulator.refused()).isZero();
        assertSimulatorRarelyRejected(simulator);
        for (final String symbol : simulator.symbols())
        {
            assertThat(recorder.trades(symbol)).as("trades on %s", symbol).isGreaterThanOrEqualTo(10);
            assertTwoSided(symbol);
        }
        assertThat(recorder.crossings()).as("crossed books: %s", recorder.firstCrossing()).isZero();
    }

    @Test
    void shouldReuseItsAccountsWhenRestartedOnTheSameJournal() throws Exception
    {
        run(42, 10);
        final Map<String, Integer> tradesBefore = new HashMap<>();
        INSTRUMENTS.forEach(spec -> tradesBefore.put(spec.symbol(), recorder.trades(spec.symbol())));

        final MarketSimulator restarted = run(7, 10);

        assertThat(recorder.simulatorAccountsOpened()).isEqualTo(2);
        assertThat(restarted.failure()).isNull();
        assertSimulatorRarelyRejected(restarted);
        for (final String symbol : restarted.symbols())
        {
            assertThat(recorder.trades(symbol)).as("trades on %s", symbol).isGreaterThan(tradesBefore.get(symbol));
            assertTwoSided(symbol);
        }
        assertThat(recorder.crossings()).as("crossed books: %s", recorder.firstCrossing()).isZero();
    }

    @Test
    void shouldSizeAndPriceEveryOrderWithinTheInstrumentRules()
    {
        for (final CreateInstrument spec : INSTRUMENTS)
        {
            final MarketShape shape = MarketShape.of(spec, SCALES.get(spec.quote()), LEVELS);
            final long reach = shape.walkBoundTicks() + LEVELS * shape.spacingTicks();
            final long lowest = shape.price(shape.startTicks() - reach);
            final long band = Amounts.bpsFloor(spec.referencePrice(), spec.priceBandBps());
            final long notionalUnit =
                Amounts.pow10(SCALES.get(spec.quote()) - spec.priceScale() - spec.quantityScale());

            assertThat(shape.unitQuantity() % spec.lotSize()).as(spec.symbol()).isZero();
            assertThat(shape.unitQuantity()).as(spec.symbol()).isBetween(spec.minQuantity(), spec.maxQuantity());
            assertThat(shape.quantity(30)).as(spec.symbol()).isLessThanOrEqualTo(spec.maxQuantity());
            assertThat(lowest * shape.unitQuantity() * notionalUnit).as(spec.symbol())
                .isGreaterThanOrEqualTo(spec.minNotional());
            assertThat(2 * reach * spec.tickSize()).as(spec.symbol()).isLessThanOrEqualTo(band / 2);
            assertThat(shape.spacingTicks()).as(spec.symbol()).isPositive();
        }
    }

    // Runs a simulator until every instrument has traded `trades` more times (at most 30 s), then stops it.
    private MarketSimulator run(final long seed, final int trades) throws Exception
    {
        final Map<String, Integer> target = new HashMap<>();
        INSTRUMENTS.forEach(spec -> target.put(spec.symbol(), recorder.trades(spec.symbol()) + trades));
        final MarketSimulator simulator =
            new MarketSimulator(sequencer, INSTRUMENTS, SCALES, new SimulatorSettings(20.0, LEVELS, seed, 50));
        simulators.add(simulator);
        simulator.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline
            && target.entrySet().stream().anyMatch(t -> recorder.trades(t.getKey()) < t.getValue()))
        {
            Thread.sleep(10);
        }
        simulator.close();
        // The sequencer takes commands in the order they were queued: once this one is answered, all of the
        // simulator's are applied.
        submitAndWait(new MassCancel(42, null, CancelReason.MASS_CANCEL, null));
        return simulator;
    }

    private void assertSimulatorRarelyRejected(final MarketSimulator simulator)
    {
        assertThat(simulator.submitted()).isPositive();
        assertThat(simulator.rejected())
            .as("rejected by reason %s, order rejections seen %s", simulator.rejectReasons(), recorder.rejections())
            .isLessThanOrEqualTo(simulator.submitted() / 100);
    }

    // A taker can eat a level between two requotes; the maker puts it back within a second.
    private void assertTwoSided(final String symbol)
    {
        assertThat(recorder.levels(symbol, Side.BUY)).as("bid levels on %s", symbol)
            .isGreaterThanOrEqualTo(LEVELS - 1);
        assertThat(recorder.levels(symbol, Side.SELL)).as("ask levels on %s", symbol)
            .isGreaterThanOrEqualTo(LEVELS - 1);
    }

    private EngineEvent.CommandResult submitAndWait(final Command command) throws Exception
    {
        return Submissions.submit(sequencer, command).get(5, TimeUnit.SECONDS).result();
    }

    /**
     * Keeps trades, book levels and the simulator's rejections per instrument. Events arrive on the thread delivering
     * each batch and the test reads on its own, so every access holds the recorder's lock.
     */
    private static final class MarketRecorder extends ForwardingEventSink
    {
        private final Map<Integer, String> symbols = new HashMap<>();
        private final Map<String, Integer> trades = new HashMap<>();
        private final Map<String, TreeMap<Long, Long>> bids = new HashMap<>();
        private final Map<String, TreeMap<Long, Long>> asks = new HashMap<>();
        private final Map<RejectReason, Integer> rejections = new EnumMap<>(RejectReason.class);
        private int simulatorAccountsOpened;
        private int crossings;
        private String firstCrossing;

        MarketRecorder()
        {
            super(DiscardingEventSink.INSTANCE);
        }

        @Override
        public synchronized void onInstrumentCreated(
            final int instrumentId, final String symbol, final int baseAssetId, final int quoteAssetId,
            final CreateInstrument spec)
        {
            symbols.put(instrumentId, symbol);
            bids.put(symbol, new TreeMap<>());
            asks.put(symbol, new TreeMap<>());
        }

        @Override
        public synchronized void onAccountCreated(final long accountId)
        {
            if (accountId == MarketSimulator.MAKER_ACCOUNT_ID || accountId == MarketSimulator.TAKER_ACCOUNT_ID)
            {
                simulatorAccountsOpened++;
            }
        }

        @Override
        public synchronized void onOrderRejected(
            final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
            final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId,
            final RejectReason reason)
        {
            rejections.merge(reason, 1, Integer::sum);
        }

        @Override
        public synchronized void onTrade(
            final long tradeId, final int instrumentId, final long price, final long quantity, final Side takerSide,
            final long takerOrderId, final long takerAccountId, final long takerFee, final int takerFeeAssetId,
            final long makerOrderId, final long makerAccountId, final long makerFee, final int makerFeeAssetId)
        {
            trades.merge(symbols.get(instrumentId), 1, Integer::sum);
        }

        @Override
        public synchronized void onBookLevelChanged(
            final int instrumentId, final Side side, final long price, final long quantity, final int orderCount)
        {
            final TreeMap<Long, Long> levels = (side == Side.BUY ? bids : asks).get(symbols.get(instrumentId));
            if (0 == quantity)
            {
                levels.remove(price);
            }
            else
            {
                levels.put(price, quantity);
            }
        }

        // Level changes come just before the command's result, so here each book is as the command left it.
        @Override
        public synchronized void onCommandResult(
            final Outcome outcome, final RejectReason reason, final long orderId, final long newOrderId,
            final OrderStatus orderStatus, final boolean replayed)
        {
            for (final String symbol : bids.keySet())
            {
                final TreeMap<Long, Long> bidLevels = bids.get(symbol);
                final TreeMap<Long, Long> askLevels = asks.get(symbol);
                if (!bidLevels.isEmpty() && !askLevels.isEmpty() && bidLevels.lastKey() >= askLevels.firstKey())
                {
                    crossings++;
                    if (null == firstCrossing)
                    {
                        firstCrossing = symbol + " bid " + bidLevels.lastKey() + " ask " + askLevels.firstKey();
                    }
                }
            }
        }

        synchronized int trades(final String symbol)
        {
            return trades.getOrDefault(symbol, 0);
        }

        synchronized int levels(final String symbol, final Side side)
        {
            return (side == Side.BUY ? bids : asks).get(symbol).size();
        }

        synchronized Map<RejectReason, Integer> rejections()
        {
            return new LinkedHashMap<>(rejections);
        }

        synchronized int simulatorAccountsOpened()
        {
            return simulatorAccountsOpened;
        }

        synchronized int crossings()
        {
            return crossings;
        }

        synchronized String firstCrossing()
        {
            return firstCrossing;
        }
    }
}
