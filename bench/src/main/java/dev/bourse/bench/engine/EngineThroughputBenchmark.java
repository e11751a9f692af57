package dev.bourse.bench.engine;

import dev.bourse.bench.MachineInfo;
import dev.bourse.bench.Percentiles;
import dev.bourse.engine.BookLevel;
import dev.bourse.engine.Engine;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.order.Side;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Feeds pre-generated commands to one engine on one thread and reports commands/second, bytes allocated per command
 * and the latency percentiles of {@code apply}. After every iteration it checks the run against the generating run:
 * same state hash, same book as rebuilt from the level events, every asset's total equal to what was deposited.
 *
 * <p>Usage: {@code EngineThroughputBenchmark [single|multi|all] [commands] [iterations]}.
 */
public final class EngineThroughputBenchmark
{
    private static final long SEED = 42;
    private static final int WARMUP_ITERATIONS = 3;
    private static final long START_NANOS = 1_700_000_000_000_000_000L;

    private EngineThroughputBenchmark()
    {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(final String[] args)
    {
        final String which = args.length > 0 ? args[0] : "all";
        final int commands = args.length > 1 ? Integer.parseInt(args[1]) : 3_000_000;
        final int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.println("engine throughput benchmark " + LocalDate.now() + " " + MachineInfo.describe());
        if (which.equals("single") || which.equals("all"))
        {
            run(EngineWorkload.singleBook(SEED, commands), iterations);
        }
        if (which.equals("multi") || which.equals("all"))
        {
            run(EngineWorkload.hundredInstruments(SEED, commands), iterations);
        }
        System.out.println("load average at the end: " + MachineInfo.loadAverage());
    }

    private static void run(final EngineWorkload workload, final int iterations)
    {
        System.out.printf("%n== %s: %,d setup commands, %,d measured commands%n",
            workload.name, workload.setup.size(), workload.commands.length);
        final double[] rates = new double[iterations];
        for (int i = -WARMUP_ITERATIONS; i < iterations; i++)
        {
            final CountingEventSink sink = new CountingEventSink();
            final Engine engine = prepared(workload, sink);
            final long allocatedBefore = allocatedBytes();
            final long start = System.nanoTime();
            long sequence = workload.setup.size();
            final Command[] commands = workload.commands;
            final int secondHalf = commands.length / 2;
            long allocatedAtHalf = 0;
            for (int c = 0; c < commands.length; c++)
            {
                if (c == secondHalf)
                {
                    allocatedAtHalf = allocatedBytes();
                }
                engine.apply(++sequence, START_NANOS + c * 1000L, commands[c]);
            }
            final long elapsed = System.nanoTime() - start;
            final long allocatedEnd = allocatedBytes();
            final long allocated = allocatedEnd - allocatedBefore;
            final long allocatedWarm = allocatedEnd - allocatedAtHalf;
            verify(workload, engine);
            final double rate = commands.length * 1e9 / elapsed;
            System.out.printf("%s %d: %,.0f commands/s, allocated %.2f bytes/command (second half: %.3f), "
                + "%,d trades, %,d rejections, %,d open orders at the end%n",
                i < 0 ? "warm-up" : "iteration", i < 0 ? i + WARMUP_ITERATIONS + 1 : i + 1, rate,
                (double)allocated / commands.length, (double)allocatedWarm / (commands.length - secondHalf),
                sink.trades, sink.rejections, engine.openOrderCount());
            if (i >= 0)
            {
                rates[i] = rate;
            }
        }
        Arrays.sort(rates);
        System.out.printf("%s throughput: median %,.0f, best %,.0f, worst %,.0f commands/s%n",
            workload.name, rates[iterations / 2], rates[iterations - 1], rates[0]);
        latency(workload);
    }

    private static void latency(final EngineWorkload workload)
    {
        final Histogram histogram = new Histogram(10_000_000_000L, 3);
        final Engine engine = prepared(workload, new CountingEventSink());
        long sequence = workload.setup.size();
        final Command[] commands = workload.commands;
        for (int c = 0; c < commands.length; c++)
        {
            final long start = System.nanoTime();
            engine.apply(++sequence, START_NANOS + c * 1000L, commands[c]);
            histogram.recordValue(System.nanoTime() - start);
        }
        verify(workload, engine);
        System.out.printf("%s apply latency (includes two nanoTime calls): %s%n", workload.name,
            Percentiles.line(histogram, TimeUnit.NANOSECONDS));
    }

    private static Engine prepared(final EngineWorkload workload, final CountingEventSink sink)
    {
        final Engine engine = new Engine(sink);
        long sequence = 0;
        for (final Command command : workload.setup)
        {
            engine.apply(++sequence, START_NANOS, command);
        }
        return engine;
    }

    private static void verify(final EngineWorkload workload, final Engine engine)
    {
        engine.checkInvariants();
        if (!Arrays.equals(engine.stateHash(), workload.expectedHash))
        {
            throw new IllegalStateException("state hash differs from the generating run: workload=" + workload.name);
        }
        for (final String symbol : workload.symbols)
        {
            compare(symbol, Side.BUY, engine.levels(symbol, Side.BUY), workload.expectedBids.get(symbol));
            compare(symbol, Side.SELL, engine.levels(symbol, Side.SELL), workload.expectedAsks.get(symbol));
        }
        for (final String asset : workload.assets)
        {
            long total = 0;
            for (final long account : engine.accountIds())
            {
                total += engine.available(account, asset) + engine.locked(account, asset);
            }
            if (total != workload.deposited.getOrDefault(asset, 0L))
            {
                throw new IllegalStateException("asset not conserved: asset=" + asset + ", total=" + total
                    + ", deposited=" + workload.deposited.get(asset));
            }
        }
    }

    private static void compare(
        final String symbol, final Side side, final List<BookLevel> actual, final TreeMap<Long, Long> expected)
    {
        final List<long[]> want = new ArrayList<>();
        if (null != expected)
        {
            final Map<Long, Long> ordered = side == Side.BUY ? expected.descendingMap() : expected;
            ordered.forEach((price, quantity) -> want.add(new long[] {price, quantity}));
        }
        boolean same = want.size() == actual.size();
        for (int i = 0; same && i < want.size(); i++)
        {
            same = want.get(i)[0] == actual.get(i).price() && want.get(i)[1] == actual.get(i).quantity();
        }
        if (!same)
        {
            throw new IllegalStateException("book differs from the one rebuilt from events: symbol=" + symbol
                + ", side=" + side + ", levels=" + actual.size() + ", expected=" + want.size());
        }
    }

    private static long allocatedBytes()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
