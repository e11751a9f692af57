package dev.bourse.bench.engine;

import dev.bourse.engine.Engine;
import dev.bourse.engine.OpenOrder;
import dev.bourse.engine.command.AmendOrder;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EventRecorder;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The engine workloads of {@code reference/benchmark-workloads.md}, shaped like exchange-core's throughput test:
 * pre-filled books, then a mix of 12.6 % GTC, 1.8 % IOC, 0.06 % FOK, 7.2 % cancel, 71.1 % move and 7.2 % reduce.
 * Commands are generated against a live engine, so each one is meaningful when replayed; the generating engine's
 * final state hash, book and asset totals are what every benchmark iteration must reproduce.
 */
public final class EngineWorkload
{
    private static final long REFERENCE_PRICE = 100_000;
    private static final long START_NANOS = 1_700_000_000_000_000_000L;
    private static final int PICK_AMONG = 512;

    final String name;
    /** Commands that list instruments, fund accounts and pre-fill the books; not measured. */
    public final List<Command> setup = new ArrayList<>();
    /** The measured commands, in order. */
    public final Command[] commands;
    final List<String> symbols = new ArrayList<>();
    final List<String> assets = new ArrayList<>();
    final Map<String, Long> deposited = new HashMap<>();
    final Map<String, TreeMap<Long, Long>> expectedBids = new HashMap<>();
    final Map<String, TreeMap<Long, Long>> expectedAsks = new HashMap<>();
    byte[] expectedHash;

    private final SplittableRandom random;
    private final List<List<long[]>> liveOrders = new ArrayList<>();
    private final Map<Long, int[]> liveIndex = new HashMap<>();
    private final List<List<Long>> traders = new ArrayList<>();
    private double[] cumulativeWeight;
    private int targetOrdersPerBook;

    private EngineWorkload(final String name, final long seed, final int commandCount)
    {
        this.name = name;
        this.random = new SplittableRandom(seed);
        this.commands = new Command[commandCount];
    }

    /** One instrument, 1,000 accounts holding both assets, 1,000 resting orders. */
    public static EngineWorkload singleBook(final long seed, final int commandCount)
    {
        final EngineWorkload w = new EngineWorkload("single-book", seed, commandCount);
        w.build(1, 1_000, 1_000, 0);
        return w;
    }

    /** 100 instruments weighted by Pareto(1.5), 10,000 accounts, 10,000 resting orders. */
    static EngineWorkload hundredInstruments(final long seed, final int commandCount)
    {
        final EngineWorkload w = new EngineWorkload("100-instruments", seed, commandCount);
        w.build(100, 10_000, 10_000, 1.5);
        return w;
    }

    private void build(final int instrumentCount, final int accountCount, final int restingOrders, final double shape)
    {
        assets.add("USD");
        setup.add(new CreateAsset("USD", 2));
        for (int i = 0; i < instrumentCount; i++)
        {
            final String base = "B" + i;
            assets.add(base);
            symbols.add(base + "/USD");
            setup.add(new CreateAsset(base, 0));
            setup.add(new CreateInstrument(base, "USD", 2, 0, 1, 1, 1, 1_000_000, 0, 1, 2, FeeAsset.RECEIVED,
                2000, REFERENCE_PRICE, InstrumentStatus.TRADING));
            liveOrders.add(new ArrayList<>());
            traders.add(new ArrayList<>());
        }
        for (long account = 1; account <= accountCount; account++)
        {
            setup.add(new CreateAccount(account, StpMode.EXPIRE_TAKER));
            deposit(account, "USD", 1_000_000_000_000_00L);
            // Each account trades its "home" instrument and, in the multi-instrument shape, three others.
            final int home = (int)(account % instrumentCount);
            final int extra = instrumentCount == 1 ? 0 : 3;
            for (int k = 0; k <= extra; k++)
            {
                final int instrument = k == 0 ? home : random.nextInt(instrumentCount);
                if (!traders.get(instrument).contains(account))
                {
                    traders.get(instrument).add(account);
                    deposit(account, "B" + instrument, 1_000_000_000L);
                }
            }
        }
        targetOrdersPerBook = restingOrders / instrumentCount;
        cumulativeWeight = new double[instrumentCount];
        double sum = 0;
        for (int i = 0; i < instrumentCount; i++)
        {
            sum += shape == 0 ? 1 : Math.pow(1 - random.nextDouble(), -1 / shape);
            cumulativeWeight[i] = sum;
        }
        for (int i = 0; i < instrumentCount; i++)
        {
            cumulativeWeight[i] /= sum;
        }

        final EventRecorder recorder = new EventRecorder();
        final Engine engine = new Engine(recorder);
        long sequence = 0;
        for (final Command command : setup)
        {
            engine.apply(++sequence, START_NANOS, command);
        }
        recorder.clear();
        for (int i = 0; i < restingOrders; i++)
        {
            final int instrument = i % instrumentCount;
            final Side side = i / instrumentCount % 2 == 0 ? Side.BUY : Side.SELL;
            final long offset = 1 + random.nextInt(500);
            final long price = side == Side.BUY ? REFERENCE_PRICE - offset : REFERENCE_PRICE + offset;
            final Command command = PlaceOrder.limit(trader(instrument), symbols.get(instrument), side, price, size());
            setup.add(command);
            engine.apply(++sequence, START_NANOS, command);
            observe(recorder);
        }
        for (int i = 0; i < commands.length; i++)
        {
            commands[i] = next(engine);
            engine.apply(++sequence, START_NANOS + i * 1000L, commands[i]);
            observe(recorder);
        }
        expectedHash = engine.stateHash();
    }

    private void deposit(final long account, final String asset, final long amount)
    {
        setup.add(new Deposit(account, asset, amount, null));
        deposited.merge(asset, amount, Long::sum);
    }

    private Command next(final Engine engine)
    {
        final int instrument = pickInstrument();
        final String symbol = symbols.get(instrument);
        final List<long[]> live = liveOrders.get(instrument);
        final int roll = random.nextInt(10_000);
        long last = engine.lastTradePrice(symbol);
        if (last == 0)
        {
            last = REFERENCE_PRICE;
        }
        // Like exchange-core's generator, keep each book near its pre-filled size: a steady state, not a growing one.
        if (roll < 1260 && live.size() > targetOrdersPerBook)
        {
            final long[] order = live.get(random.nextInt(Math.min(PICK_AMONG, live.size())));
            return CancelOrder.byId(order[1], order[0]);
        }
        if (roll < 1260 || live.isEmpty())
        {
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long offset = random.nextInt(300);
            final long price = side == Side.BUY ? last - offset : last + offset;
            return PlaceOrder.limit(trader(instrument), symbol, side, price, size());
        }
        if (roll < 1446)
        {
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long offset = random.nextInt(1000);
            final long price = side == Side.BUY ? last + offset : last - offset;
            final TimeInForce tif = roll < 1440 ? TimeInForce.IOC : TimeInForce.FOK;
            return new PlaceOrder(trader(instrument), symbol, side, OrderType.LIMIT, tif, price, size(), null, null,
                null);
        }
        final long[] order = live.get(random.nextInt(Math.min(PICK_AMONG, live.size())));
        if (roll < 2166)
        {
            return CancelOrder.byId(order[1], order[0]);
        }
        if (roll < 9277)
        {
            final long price = order[2];
            long moved = price + (last - price) / 100;
            if (moved == price)
            {
                moved = last > price ? price + 1 : last < price ? price - 1 : price + (random.nextBoolean() ? 1 : -1);
            }
            return new AmendOrder(order[1], order[0], moved, 0, null);
        }
        final OpenOrder open = engine.openOrder(order[0]);
        if (open.remaining() < 2)
        {
            return CancelOrder.byId(order[1], order[0]);
        }
        return new AmendOrder(order[1], order[0], 0, open.quantity() - 1 - random.nextLong(open.remaining() - 1),
            null);
    }

    // Follows the events to keep the list of live orders and the expected book.
    private void observe(final EventRecorder recorder)
    {
        for (final EngineEvent event : recorder.events())
        {
            switch (event)
            {
                case EngineEvent.OrderAccepted a ->
                {
                    final List<long[]> live = liveOrders.get(a.instrumentId());
                    liveIndex.put(a.orderId(), new int[] {a.instrumentId(), live.size()});
                    live.add(new long[] {a.orderId(), a.accountId(), a.price()});
                }
                case EngineEvent.OrderAmended m ->
                {
                    final int[] at = liveIndex.get(m.orderId());
                    liveOrders.get(at[0]).get(at[1])[2] = m.price();
                }
                case EngineEvent.OrderFilled f -> closed(f.orderId());
                case EngineEvent.OrderCancelled c -> closed(c.orderId());
                case EngineEvent.OrderExpired x -> closed(x.orderId());
                case EngineEvent.BookLevelChanged l ->
                {
                    final String symbol = symbols.get(l.instrumentId());
                    final TreeMap<Long, Long> book = (l.side() == Side.BUY ? expectedBids : expectedAsks)
                        .computeIfAbsent(symbol, s -> new TreeMap<>());
                    if (l.quantity() == 0)
                    {
                        book.remove(l.price());
                    }
                    else
                    {
                        book.put(l.price(), l.quantity());
                    }
                }
                default ->
                {
                }
            }
        }
        recorder.clear();
    }

    private void closed(final long orderId)
    {
        final int[] at = liveIndex.remove(orderId);
        final List<long[]> live = liveOrders.get(at[0]);
        final long[] last = live.remove(live.size() - 1);
        if (at[1] != live.size())
        {
            live.set(at[1], last);
            liveIndex.get(last[0])[1] = at[1];
        }
    }

    private int pickInstrument()
    {
        if (cumulativeWeight.length == 1)
        {
            return 0;
        }
        final int index = Arrays.binarySearch(cumulativeWeight, random.nextDouble());
        return Math.min(cumulativeWeight.length - 1, index >= 0 ? index : -index - 1);
    }

    private long trader(final int instrument)
    {
        final List<Long> list = traders.get(instrument);
        return list.get(random.nextInt(list.size()));
    }

    // 1 to 126, mostly small.
    private long size()
    {
        final double u = random.nextDouble();
        return 1 + (long)(u * u * u * 125);
    }
}
