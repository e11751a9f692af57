package dev.bourse.engine;

import dev.bourse.engine.command.AccountCommand;
import dev.bourse.engine.command.AmendOrder;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.MassCancel;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.command.SetInstrumentStatus;
import dev.bourse.engine.command.Withdraw;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EventRecorder;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applies a long seeded stream of random commands (every order type, cancels, replaces, amends, mass cancels,
 * deposits, withdrawals, status changes, idempotent retries and conflicts) to two engines in lockstep (the second
 * restarted from a snapshot of the first every 50,000 commands), and after every
 * command checks what a user could observe. Re-run one stream with {@code -Dbourse.seed=N}; set the length with
 * {@code -Dbourse.randomCommands=N}.
 */
class RandomizedEngineTest
{
    private static final String[] SYMBOLS = {"BTC/USD", "ETH/USD", "USD/NGN", "ETH/BTC"};
    private static final long[] REFERENCE = {60_000_00L, 3_000_00L, 1650_00L, 5000L};
    private static final int ACCOUNTS = 12;
    private static final int INDEPENDENT_CHECK_EVERY = 2_000;
    private static final int SNAPSHOT_EVERY = 50_000;

    @Test
    void shouldKeepEveryInvariantOverAMillionRandomCommands()
    {
        final long seed = Long.getLong("bourse.seed", System.nanoTime());
        final int commands = Integer.getInteger("bourse.randomCommands", 1_000_000);
        try
        {
            run(seed, commands);
        }
        catch (final AssertionError | RuntimeException e)
        {
            throw new AssertionError("randomized engine test failed; re-run with -Dbourse.seed=" + seed, e);
        }
    }

    private void run(final long seed, final int commandCount)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final EventRecorder events = new EventRecorder();
        final EventRecorder twinEvents = new EventRecorder();
        final Engine engine = new Engine(events);
        Engine twin = new Engine(twinEvents);
        final Model model = new Model();
        final Generator generator = new Generator(random, engine);

        long sequence = 0;
        long now = 1_700_000_000_000_000_000L;
        for (final Command setup : setupCommands())
        {
            sequence++;
            engine.apply(sequence, now, setup);
            twin.apply(sequence, now, setup);
            model.observe(setup, events.events());
            events.clear();
            twinEvents.clear();
        }

        for (int i = 0; i < commandCount; i++)
        {
            sequence++;
            now += random.nextLong(400_000_000L);
            final Command command = generator.next(sequence);
            engine.apply(sequence, now, command);
            twin.apply(sequence, now, command);

            assertThat(twinEvents.events()).as("twin events at sequence %d", sequence).isEqualTo(events.events());
            model.observe(command, events.events());
            generator.observe(command, events.events());
            engine.checkInvariants();
            model.checkConservation(sequence);
            if (i % SNAPSHOT_EVERY == SNAPSHOT_EVERY - 1)
            {
                // The twin continues from a snapshot of the engine: it must go on exactly as the engine does.
                twin = restored(engine, twinEvents);
                twin.checkInvariants();
                assertThat(twin.stateHash()).as("hash after restore at %d", sequence).isEqualTo(engine.stateHash());
            }
            if (i % INDEPENDENT_CHECK_EVERY == 0)
            {
                model.checkAgainstEngine(engine, sequence);
            }
            events.clear();
            twinEvents.clear();
        }
        model.checkAgainstEngine(engine, sequence);
        System.out.printf("seed=%d commands=%d trades=%d placed=%d replays=%d open=%d outcomes=%s%n", seed,
            commandCount, model.trades, generator.placed, generator.replays, engine.openOrderCount(), model.outcomes);
        assertThat(twin.stateHash()).isEqualTo(engine.stateHash());
        assertThat(generator.placed).as("orders placed").isGreaterThan(commandCount / 4);
        assertThat(model.trades).as("trades").isGreaterThan(commandCount / 20);
        assertThat(generator.replays).as("idempotent replays").isGreaterThan(commandCount / 200);
    }

    private static Engine restored(final Engine engine, final EventRecorder sink)
    {
        try
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            engine.writeState(new DataOutputStream(bytes));
            return Engine.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), sink);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Command> setupCommands()
    {
        final List<Command> setup = new ArrayList<>();
        setup.add(new CreateAsset("BTC", 10));
        setup.add(new CreateAsset("USD", 10));
        setup.add(new CreateAsset("ETH", 8));
        setup.add(new CreateAsset("NGN", 4));
        setup.add(new CreateInstrument("BTC", "USD", 2, 8, 1, 1000, 1000, 10_000_000_000L, 1_000_000_000L,
            10, 20, FeeAsset.RECEIVED, 1000, REFERENCE[0], InstrumentStatus.TRADING));
        setup.add(new CreateInstrument("ETH", "USD", 2, 4, 5, 10, 10, 10_000_000L, 0,
            0, 25, FeeAsset.QUOTE, 500, REFERENCE[1], InstrumentStatus.TRADING));
        setup.add(new CreateInstrument("USD", "NGN", 2, 2, 1, 1, 100, 1_000_000_00L, 100_0000L,
            15, 15, FeeAsset.RECEIVED, 300, REFERENCE[2], InstrumentStatus.TRADING));
        setup.add(new CreateInstrument("ETH", "BTC", 4, 4, 1, 1, 1, 1_000_000L, 0,
            5, 7, FeeAsset.QUOTE, 2000, 0, InstrumentStatus.TRADING));
        final StpMode[] modes = StpMode.values();
        for (int a = 1; a <= ACCOUNTS; a++)
        {
            setup.add(new CreateAccount(a, modes[a % modes.length]));
            setup.add(new Deposit(a, "BTC", 50_0000000000L, null));
            setup.add(new Deposit(a, "USD", 3_000_000_0000000000L / 10, null));
            setup.add(new Deposit(a, "ETH", 1_000_00000000L, null));
            setup.add(new Deposit(a, "NGN", 5_000_000_000_0000L, null));
        }
        return setup;
    }

    /** Generates commands from what the engine has reported so far: live orders, prices, accounts. */
    private static final class Generator
    {
        private final SplittableRandom random;
        private final Engine engine;
        private final List<long[]> liveOrders = new ArrayList<>();
        private final Map<Long, Integer> liveIndex = new HashMap<>();
        private final List<AccountCommand> keyed = new ArrayList<>();
        private int placed;
        private int replays;
        private int nextClientId;

        Generator(final SplittableRandom random, final Engine engine)
        {
            this.random = random;
            this.engine = engine;
        }

        Command next(final long sequence)
        {
            final int roll = random.nextInt(1000);
            if (roll < 15 && !keyed.isEmpty())
            {
                replays++;
                return keyed.get(random.nextInt(keyed.size()));
            }
            final long account = 1 + random.nextInt(ACCOUNTS);
            final String key = random.nextInt(10) == 0 ? "k" + sequence : null;
            final AccountCommand command;
            if (roll < 520)
            {
                command = place(account, key);
            }
            else if (roll < 590)
            {
                command = liveOrders.isEmpty() ? place(account, key) : cancel(key);
            }
            else if (roll < 670)
            {
                command = liveOrders.isEmpty() ? place(account, key) : replace(key);
            }
            else if (roll < 900)
            {
                command = liveOrders.isEmpty() ? place(account, key) : amend(key);
            }
            else if (roll < 910)
            {
                command = new MassCancel(account, random.nextBoolean() ? null : symbol(), CancelReason.MASS_CANCEL,
                    key);
            }
            else if (roll < 950)
            {
                command = new Deposit(account, asset(), 1 + random.nextLong(10_000_0000L), key);
            }
            else if (roll < 990)
            {
                command = new Withdraw(account, asset(), 1 + random.nextLong(100_000_0000L), key);
            }
            else if (roll < 992)
            {
                final InstrumentStatus[] statuses = InstrumentStatus.values();
                // Mostly back to trading, so that books keep filling.
                final InstrumentStatus status =
                    random.nextInt(5) == 0 ? statuses[random.nextInt(statuses.length)] : InstrumentStatus.TRADING;
                return new SetInstrumentStatus(symbol(), status);
            }
            else
            {
                command = invalid(account, key);
            }
            if (null != key)
            {
                if (keyed.size() == 200)
                {
                    keyed.set(random.nextInt(200), command);
                }
                else
                {
                    keyed.add(command);
                }
            }
            return command;
        }

        private PlaceOrder place(final long account, final String key)
        {
            placed++;
            final int instrument = random.nextInt(SYMBOLS.length);
            final String symbol = SYMBOLS[instrument];
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long quantity = quantity(instrument);
            final String clientId = random.nextInt(4) == 0 ? "c" + (nextClientId++ % 50) : null;
            final StpMode stp = random.nextInt(5) == 0 ? StpMode.values()[random.nextInt(3)] : null;
            if (random.nextInt(15) == 0)
            {
                return new PlaceOrder(account, symbol, side, OrderType.MARKET,
                    random.nextInt(4) == 0 ? TimeInForce.FOK : TimeInForce.IOC, 0, quantity, clientId, stp, key);
            }
            final int tifRoll = random.nextInt(100);
            final TimeInForce tif = tifRoll < 70 ? TimeInForce.GTC : tifRoll < 85 ? TimeInForce.IOC
                : tifRoll < 92 ? TimeInForce.FOK : TimeInForce.POST_ONLY;
            return new PlaceOrder(account, symbol, side, OrderType.LIMIT, tif, price(instrument, side), quantity,
                clientId, stp, key);
        }

        private AccountCommand cancel(final String key)
        {
            final long[] order = liveOrders.get(random.nextInt(liveOrders.size()));
            // Sometimes another account's order, which must be refused.
            final long account = random.nextInt(20) == 0 ? 1 + random.nextInt(ACCOUNTS) : order[1];
            return new CancelOrder(account, order[0], null,
                random.nextInt(10) == 0 ? CancelReason.DISCONNECT : CancelReason.USER, key);
        }

        private AccountCommand replace(final String key)
        {
            final long[] order = liveOrders.get(random.nextInt(liveOrders.size()));
            final int instrument = (int)order[2];
            final long price = random.nextBoolean() ? price(instrument, Side.values()[(int)order[3]]) : 0;
            final long quantity = random.nextBoolean() ? quantity(instrument) : 0;
            return new ReplaceOrder(order[1], order[0], price, quantity,
                random.nextInt(4) == 0 ? "c" + (nextClientId++ % 50) : null, key);
        }

        private AccountCommand amend(final String key)
        {
            final long[] order = liveOrders.get(random.nextInt(liveOrders.size()));
            final int instrument = (int)order[2];
            final OpenOrder open = engine.openOrder(order[0]);
            final int kind = random.nextInt(3);
            if (kind == 0 && null != open)
            {
                // Reduce, which keeps priority.
                final long lot = lot(instrument);
                final long newQuantity = open.filled() + Math.max(lot, (open.remaining() / 2) / lot * lot);
                return new AmendOrder(order[1], order[0], 0, newQuantity, key);
            }
            final long price = price(instrument, Side.values()[(int)order[3]]);
            return new AmendOrder(order[1], order[0], price, kind == 1 ? 0 : quantity(instrument), key);
        }

        private AccountCommand invalid(final long account, final String key)
        {
            return switch (random.nextInt(4))
            {
                case 0 -> PlaceOrder.limit(account, "XRP/USD", Side.BUY, 100, 100);
                case 1 -> PlaceOrder.limit(account, "BTC/USD", Side.SELL, REFERENCE[0] + 1, 0);
                case 2 -> new PlaceOrder(account, "BTC/USD", Side.BUY, OrderType.MARKET, TimeInForce.GTC, 0,
                    1000, null, null, key);
                default -> new CancelOrder(account, 0, "never-used", CancelReason.USER, key);
            };
        }

        private long price(final int instrument, final Side side)
        {
            final long last = engine.lastTradePrice(SYMBOLS[instrument]);
            final long reference = last > 0 ? last : REFERENCE[instrument];
            final long tick = tick(instrument);
            // Within about 2% of the reference, leaning to the passive side; now and then far outside the band.
            long offset = reference * random.nextInt(-60, 200) / 10_000;
            if (random.nextInt(100) == 0)
            {
                offset = reference / 2;
            }
            final long price = side == Side.BUY ? reference - offset : reference + offset;
            return Math.max(tick, price / tick * tick);
        }

        private long quantity(final int instrument)
        {
            final long lot = lot(instrument);
            final long min = switch (instrument)
            {
                case 0 -> 1000;
                case 2 -> 100;
                default -> lot;
            };
            final long units = 1 + (random.nextInt(10) == 0 ? random.nextLong(2000) : random.nextLong(40));
            return Math.max(min, units * lot * (instrument == 0 ? 10_000 : instrument == 2 ? 1000 : 100));
        }

        private static long tick(final int instrument)
        {
            return instrument == 1 ? 5 : 1;
        }

        private static long lot(final int instrument)
        {
            return switch (instrument)
            {
                case 0 -> 1000;
                case 1 -> 10;
                default -> 1;
            };
        }

        private String symbol()
        {
            return SYMBOLS[random.nextInt(SYMBOLS.length)];
        }

        private String asset()
        {
            return new String[] {"BTC", "USD", "ETH", "NGN"}[random.nextInt(4)];
        }

        void observe(final Command command, final List<EngineEvent> events)
        {
            for (final EngineEvent event : events)
            {
                switch (event)
                {
                    case EngineEvent.OrderAccepted a ->
                    {
                        liveIndex.put(a.orderId(), liveOrders.size());
                        liveOrders.add(new long[] {a.orderId(), a.accountId(), a.instrumentId(), a.side().ordinal()});
                    }
                    case EngineEvent.OrderFilled f -> closed(f.orderId());
                    case EngineEvent.OrderCancelled c -> closed(c.orderId());
                    case EngineEvent.OrderExpired x -> closed(x.orderId());
                    default ->
                    {
                    }
                }
            }
        }

        // Swap-remove, so that picking a live order stays O(1).
        private void closed(final long orderId)
        {
            final Integer index = liveIndex.remove(orderId);
            final long[] last = liveOrders.remove(liveOrders.size() - 1);
            if (index != liveOrders.size())
            {
                liveOrders.set(index, last);
                liveIndex.put(last[0], index);
            }
        }
    }

    /**
     * What a client rebuilds from the events alone: every balance, and per asset the deposits minus withdrawals,
     * which the balances must always add up to.
     */
    private static final class Model
    {
        private final Map<Long, long[]> balances = new HashMap<>();
        private final long[] totals = new long[4];
        private final long[] depositedMinusWithdrawn = new long[4];
        private final Map<String, Integer> outcomes = new java.util.TreeMap<>();
        private int trades;

        void observe(final Command command, final List<EngineEvent> events)
        {
            final EngineEvent.CommandResult result = (EngineEvent.CommandResult)events.get(events.size() - 1);
            final boolean applied = result.outcome() == Outcome.ACCEPTED && !result.replayed();
            outcomes.merge(result.replayed() ? "replayed" : null == result.reason() ? "accepted"
                : result.reason().wireName(), 1, Integer::sum);
            if (applied && command instanceof Deposit d)
            {
                depositedMinusWithdrawn[assetId(d.asset())] += d.amount();
            }
            if (applied && command instanceof Withdraw w)
            {
                depositedMinusWithdrawn[assetId(w.asset())] -= w.amount();
            }
            if (result.replayed())
            {
                assertThat(events).as("a replay changes nothing").hasSize(2);
            }
            for (final EngineEvent event : events)
            {
                switch (event)
                {
                    case EngineEvent.BalanceChanged b ->
                    {
                        assertThat(b.available()).as("available balance").isNotNegative();
                        assertThat(b.locked()).as("locked balance").isNotNegative();
                        final long[] row = balances.computeIfAbsent(b.accountId(), id -> new long[8]);
                        totals[b.assetId()] += b.available() + b.locked() - row[2 * b.assetId()]
                            - row[2 * b.assetId() + 1];
                        row[2 * b.assetId()] = b.available();
                        row[2 * b.assetId() + 1] = b.locked();
                    }
                    case EngineEvent.Trade t ->
                    {
                        trades++;
                        assertThat(t.takerAccountId()).as("self trade").isNotEqualTo(t.makerAccountId());
                    }
                    case EngineEvent.OrderPartiallyFilled f ->
                        assertThat(f.filledQuantity()).isPositive();
                    default ->
                    {
                    }
                }
            }
        }

        void checkConservation(final long sequence)
        {
            assertThat(totals).as("asset totals at sequence %d", sequence).isEqualTo(depositedMinusWithdrawn);
        }

        void checkAgainstEngine(final Engine engine, final long sequence)
        {
            final String[] assets = {"BTC", "USD", "ETH", "NGN"};
            for (final long account : engine.accountIds())
            {
                final long[] row = balances.getOrDefault(account, new long[8]);
                final long[] locks = new long[4];
                for (final OpenOrder order : engine.openOrders(account))
                {
                    assertThat(order.filled() + order.remaining()).isEqualTo(order.quantity());
                    assertThat(order.remaining()).isPositive();
                    locks[spentAsset(order)] += order.locked();
                }
                for (int asset = 0; asset < 4; asset++)
                {
                    assertThat(engine.available(account, assets[asset]))
                        .as("available of %d in %s at %d", account, assets[asset], sequence).isEqualTo(row[2 * asset]);
                    assertThat(engine.locked(account, assets[asset]))
                        .as("locked of %d in %s at %d", account, assets[asset], sequence)
                        .isEqualTo(row[2 * asset + 1]).isEqualTo(locks[asset]);
                }
            }
            for (final String symbol : SYMBOLS)
            {
                final List<BookLevel> bids = engine.levels(symbol, Side.BUY);
                final List<BookLevel> asks = engine.levels(symbol, Side.SELL);
                if (!bids.isEmpty() && !asks.isEmpty())
                {
                    assertThat(bids.get(0).price()).as("best bid below best ask on %s", symbol)
                        .isLessThan(asks.get(0).price());
                }
            }
        }

        private static int spentAsset(final OpenOrder order)
        {
            final String[] parts = order.symbol().split("/");
            return assetId(order.side() == Side.BUY ? parts[1] : parts[0]);
        }

        private static int assetId(final String code)
        {
            return switch (code)
            {
                case "BTC" -> 0;
                case "USD" -> 1;
                case "ETH" -> 2;
                default -> 3;
            };
        }
    }
}
