package dev.bourse.bench.e2e;

import dev.bourse.bench.Directories;
import dev.bourse.bench.MachineInfo;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The end-to-end benchmark: starts a bare echo server and, for each scenario, a fresh Bourse server, each in its own
 * JVM, and drives both over real WebSockets on 127.0.0.1 with the same generator and the same messages, so that
 * every Bourse figure is printed beside its floor and as a ratio to it.
 *
 * <p>Usage: {@code EndToEndBenchmark [roundtrip] [throughput] [openloop] [fanout] [capacity] [--quick]
 * [--durability fsync|write|none] [--connections N] [--work DIR] [--client-threads N] [--shape CxN] [--best-rate N]};
 * no scenario means all; {@code --shape} runs order entry with C connections of N in flight only (repeatable);
 * {@code --best-rate} runs the open loop at half of N orders/s instead of half the best rate measured.
 */
public final class EndToEndBenchmark
{
    private static final List<String> SCENARIOS = List.of("roundtrip", "throughput", "openloop", "fanout", "capacity");
    private static final String SERVER_HEAP = "2g";
    private static final int ACCOUNTS = 16;
    // Order entry: connections x orders in flight on each.
    private static final List<int[]> THROUGHPUT_SHAPES =
        List.of(new int[] {1, 8}, new int[] {1, 128}, new int[] {16, 8}, new int[] {16, 128});

    private final Path work;
    private final boolean quick;
    private final String durability;
    private final int capacityConnections;
    private final List<int[]> shapes;
    private final WsClient client;
    private final Target echo;
    private final List<String> summary = new ArrayList<>();
    private int venues;
    private double bestOrderRate;
    // Given on the command line, 0 when not: the open loop's rate is then half of it, whatever else measures.
    private double givenOrderRate;

    private EndToEndBenchmark(final Path work, final boolean quick, final String durability,
        final int capacityConnections, final List<int[]> shapes, final WsClient client, final Target echo)
    {
        this.shapes = shapes;
        this.work = work;
        this.quick = quick;
        this.durability = durability;
        this.capacityConnections = capacityConnections;
        this.client = client;
        this.echo = echo;
    }

    public static void main(final String[] args) throws Exception
    {
        final List<String> scenarios = new ArrayList<>();
        boolean quick = false;
        String durability = "fsync";
        int connections = 19_800;
        int clientThreads = 2;
        double bestRate = 0;
        Path work = null;
        final List<int[]> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--quick" -> quick = true;
                case "--durability" -> durability = args[++i];
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--client-threads" -> clientThreads = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--shape" -> shapes.add(shape(args[++i]));
                case "--best-rate" -> bestRate = Double.parseDouble(args[++i]);
                default ->
                {
                    if (!SCENARIOS.contains(args[i]))
                    {
                        System.err.println("unknown argument '" + args[i] + "'; scenarios: " + SCENARIOS
                            + ", options: --quick --durability P --connections N --client-threads N --work DIR --shape CxN"
                            + " --best-rate N");
                        System.exit(2);
                    }
                    scenarios.add(args[i]);
                }
            }
        }
        if (!(bestRate >= 0))
        {
            System.err.println("--best-rate is an order rate per second, 0 or more (0: measure it); got " + bestRate);
            System.exit(2);
        }
        if (scenarios.isEmpty())
        {
            scenarios.addAll(SCENARIOS);
        }
        work = null == work ? Files.createTempDirectory("bourse-e2e") : Files.createDirectories(work);
        System.out.println("# Bourse end-to-end benchmark, " + LocalDate.now() + ", commit " + commit());
        System.out.println("# machine: " + MachineInfo.describe());
        System.out.println("# server heap " + SERVER_HEAP + ", default durability " + durability + ", client threads "
            + clientThreads + (quick ? ", quick sizes" : "") + ", work " + work);
        try (ChildJvm echoServer = ChildJvm.start("echo", SERVER_HEAP, "dev.bourse.bench.echo.EchoServer",
            List.of("0"), work.resolve("echo.log"));
            WsClient client = new WsClient(clientThreads))
        {
            final String listening = echoServer.awaitLine("echo listening on port ", 30_000);
            final Target echo = Target.echo(Integer.parseInt(listening.substring(listening.lastIndexOf(' ') + 1)));
            final EndToEndBenchmark bench = new EndToEndBenchmark(work, quick, durability, connections,
                shapes.isEmpty() ? THROUGHPUT_SHAPES : shapes, client, echo);
            bench.givenOrderRate = bestRate;
            for (final String scenario : scenarios)
            {
                switch (scenario)
                {
                    case "roundtrip" -> bench.roundTrip();
                    case "throughput" -> bench.throughput();
                    case "openloop" -> bench.openLoop();
                    case "fanout" -> bench.fanOut();
                    case "capacity" -> bench.capacity(echoServer);
                    default -> throw new IllegalStateException(scenario);
                }
            }
            System.out.println();
            System.out.println("# summary (machine load " + MachineInfo.loadAverage() + ")");
            bench.summary.forEach(System.out::println);
        }
        Directories.deleteTree(work);
    }

    private static int[] shape(final String text)
    {
        final String[] parts = text.split("x");
        final int connections = parts.length == 2 ? Integer.parseInt(parts[0]) : 0;
        if (connections < 1 || connections > ACCOUNTS || Integer.parseInt(parts[1]) < 1)
        {
            throw new IllegalArgumentException("--shape is CxN with 1 <= C <= " + ACCOUNTS + " and N >= 1, got " + text);
        }
        return new int[] {connections, Integer.parseInt(parts[1])};
    }

    // ------------------------------------------------------------------------------------------ scenarios

    private void roundTrip() throws Exception
    {
        final long warmUp = quick ? 2_000 : 5_000;
        final long pairs = quick ? 5_000 : 20_000;
        heading("order round trip: one connection, create then cancel, one at a time, " + pairs
            + " pairs after rounds of " + warmUp + " warm-up pairs until the server's JIT is nearly idle");
        final Histogram floor = RoundTrip.run(client, echo, warmUp, pairs).both();
        print("echo", "round trip", floor);
        for (final String policy : List.of("fsync", "write", "none"))
        {
            try (BenchVenue venue = venue(policy, 1))
            {
                final long warmUpPairs = warmUp(venue, warmUp, 10 * warmUp, count ->
                {
                    final long start = System.nanoTime();
                    failIfAny("round trip warm-up " + policy,
                        RoundTrip.run(client, Target.bourse(venue), 0, count).outcomes());
                    return System.nanoTime() - start;
                });
                System.out.printf(Locale.ROOT, "  bourse %s after %,d warm-up pairs%n", policy, warmUpPairs);
                final RoundTrip.Result result = RoundTrip.run(client, Target.bourse(venue), 0, pairs);
                failIfAny("round trip " + policy, result.outcomes());
                print("bourse " + policy, "create", result.creates());
                print("bourse " + policy, "cancel", result.cancels());
                print("bourse " + policy, "both", result.both());
                final String ratio = ratio(result.both(), floor);
                System.out.println("  ratio to echo: " + ratio);
                summary.add(String.format(Locale.ROOT, "roundtrip %-5s p50 %d us (%s floor p50), p99 %d us (%s floor "
                    + "p99); floor p50 %d / p99 %d us", policy, result.both().getValueAtPercentile(50),
                    times(result.both(), floor, 50), result.both().getValueAtPercentile(99),
                    times(result.both(), floor, 99), floor.getValueAtPercentile(50), floor.getValueAtPercentile(99)));
            }
        }
    }

    private void throughput() throws Exception
    {
        final long orders = quick ? 20_000 : 200_000;
        heading("order entry, closed loop: " + orders + " resting orders, acknowledged orders/s, durability "
            + durability);
        for (final int[] shape : shapes)
        {
            ClosedLoop.run(client, echo, shape[0], shape[1], orders / 2);
            final ClosedLoop.Result floor = ClosedLoop.run(client, echo, shape[0], shape[1], orders);
            failIfAny("echo throughput", floor.outcomes());
            final ClosedLoop.Result result;
            final long warmUpOrders;
            final long cpuNanos;
            final long jitNanos;
            try (BenchVenue venue = venue(durability, shape[0]))
            {
                // Warm-up orders rest too: the measured run starts on a book of them.
                warmUpOrders = warmUpClosedLoop(venue, shape[0], shape[1], orders / 4, 2 * orders);
                final long cpuBefore = venue.process().cpuNanos();
                final long jitBefore = venue.process().compilerCpuNanos();
                result = ClosedLoop.run(client, Target.bourse(venue), shape[0], shape[1], orders);
                cpuNanos = venue.process().cpuNanos() - cpuBefore;
                jitNanos = venue.process().compilerCpuNanos() - jitBefore;
            }
            failIfAny("throughput", result.outcomes());
            bestOrderRate = Math.max(bestOrderRate, result.perSecond());
            final String label = shape[0] + " x " + shape[1];
            // Server CPU per order is steadier than orders/s on a shared machine: what the server spends, not what
            // it got of the cores.
            final double cpuMicrosPerOrder = cpuNanos / 1e3 / orders;
            System.out.printf(Locale.ROOT, "  %-8s echo %,10.0f/s   bourse %,10.0f/s   ratio %.2f   server CPU %.1f "
                + "us/order (JIT %.1f)   after %,d warm-up orders   bourse ack %s%n", label, floor.perSecond(),
                result.perSecond(), result.perSecond() / floor.perSecond(), cpuMicrosPerOrder, jitNanos / 1e3 / orders,
                warmUpOrders, Latency.line(result.latency()));
            summary.add(String.format(Locale.ROOT, "throughput %-8s %s: %,.0f orders/s (floor %,.0f/s, %.2f of it); "
                + "ack p50 %d / p99 %d us; server CPU %.1f us/order; %,d warm-up orders", label, durability,
                result.perSecond(), floor.perSecond(), result.perSecond() / floor.perSecond(),
                result.latency().getValueAtPercentile(50), result.latency().getValueAtPercentile(99), cpuMicrosPerOrder,
                warmUpOrders));
        }
    }

    /** One round of a warm-up: runs {@code count} unmeasured operations and returns how long they took. */
    private interface WarmUpRound
    {
        long nanos(long count) throws Exception;
    }

    // A fixed warm-up was not enough: after 100,000 orders the server's C2 compiler still took half a core through
    // the measured run, a third of the server's CPU. So a server is warmed up in rounds until its JIT compilers use
    // under a tenth of a core over a round, for at most "most" operations. Returns how many it ran.
    private static long warmUp(final BenchVenue venue, final long round, final long most, final WarmUpRound run)
        throws Exception
    {
        long done = 0;
        while (true)
        {
            final long jitBefore = venue.process().compilerCpuNanos();
            final long nanos = run.nanos(round);
            done += round;
            final long jitNanos = venue.process().compilerCpuNanos() - jitBefore;
            if (jitBefore < 0 || jitNanos < nanos / 10 || done >= most)
            {
                return done;
            }
        }
    }

    // Rounds timed by the closed loop itself, not around it, so that connecting does not count as warm time.
    private long warmUpClosedLoop(final BenchVenue venue, final int connections, final int inFlight, final long round,
        final long most) throws Exception
    {
        return warmUp(venue, round, most, count ->
        {
            final ClosedLoop.Result warm = ClosedLoop.run(client, Target.bourse(venue), connections, inFlight, count);
            failIfAny("warm-up", warm.outcomes());
            return warm.nanos();
        });
    }

    private void openLoop() throws Exception
    {
        final int connections = 16;
        if (0 == givenOrderRate && 0 == bestOrderRate)
        {
            // Run alone, this scenario measures the best rate itself, warmed up as the throughput scenario is.
            final long orders = quick ? 20_000 : 100_000;
            try (BenchVenue venue = venue(durability, connections))
            {
                warmUpClosedLoop(venue, connections, 128, orders / 4, 4 * orders);
                bestOrderRate = ClosedLoop.run(client, Target.bourse(venue), connections, 128, orders).perSecond();
            }
        }
        // Commands, not orders: creates and the cancels of what they placed, at half the best rate of creates alone.
        final double best = 0 == givenOrderRate ? bestOrderRate : givenOrderRate;
        final double rate = Math.floor(best / 2);
        final IntFunction<OpenLoop.Script> roundTrips = i -> OrderText::restingThenCancelled;
        final long commands = (long)(rate * (quick ? 3 : 10));
        heading(String.format(Locale.ROOT, "latency under load: %d connections, open loop at %,.0f commands/s, each "
            + "resting order cancelled by the next (half the %s %,.0f orders/s), %,d commands, durability %s",
            connections, rate, 0 == givenOrderRate ? "best measured" : "given", best, commands, durability));
        OpenLoop.run(client, echo, connections, rate, commands / 5, roundTrips);
        final OpenLoop.Result floor = OpenLoop.run(client, echo, connections, rate, commands, roundTrips);
        failIfAny("echo open loop", floor.outcomes());
        print("echo", "from planned send", floor.latency());
        final OpenLoop.Result result;
        final long warmUpCommands;
        try (BenchVenue venue = venue(durability, connections))
        {
            // Warm-up: rounds of a fifth of the run at the same rate, unmeasured, until the JIT is nearly idle.
            warmUpCommands = warmUp(venue, commands / 5, 2 * commands, count ->
            {
                final long start = System.nanoTime();
                failIfAny("warm-up", OpenLoop.run(client, Target.bourse(venue), connections, rate, count,
                    roundTrips).outcomes());
                return System.nanoTime() - start;
            });
            result = OpenLoop.run(client, Target.bourse(venue), connections, rate, commands, roundTrips);
        }
        failIfAny("open loop", result.outcomes());
        print("bourse " + durability + " after " + warmUpCommands + " warm-up commands", "from planned send",
            result.latency());
        System.out.printf(Locale.ROOT, "  achieved: echo %,.0f/s, bourse %,.0f/s; ratio to echo: %s%n",
            floor.achievedPerSecond(), result.achievedPerSecond(), ratio(result.latency(), floor.latency()));
        summary.add(String.format(Locale.ROOT, "openloop %,.0f commands/s (round trips) %s: p50 %d / p99 %d / "
            + "p99.9 %d us; floor p50 %d / p99 %d us (%s / %s)", rate, durability, result.latency().getValueAtPercentile(50),
            result.latency().getValueAtPercentile(99), result.latency().getValueAtPercentile(99.9),
            floor.latency().getValueAtPercentile(50), floor.latency().getValueAtPercentile(99),
            times(result.latency(), floor.latency(), 50), times(result.latency(), floor.latency(), 99)));
    }

    private void fanOut() throws Exception
    {
        final double seconds = quick ? 3 : 10;
        for (final int subscribers : new int[] {1, 100, 1_000})
        {
            // Offered: about 280,000 messages/s in all (a command makes about 1.4 messages), at most 5,000 commands/s.
            final double rate = Math.min(5_000, Math.floor(200_000.0 / subscribers));
            heading(String.format(Locale.ROOT, "fan-out: %,d subscribers on orderbook + trades, %,.0f commands/s for "
                + "%.0f s, durability %s", subscribers, rate, seconds, durability));
            final FanOut.Result result;
            final long warmUpMillis;
            try (BenchVenue venue = venue(durability, 2))
            {
                // Warm-up: rounds of the same scenario for a fifth of the time, unmeasured, until the JIT is nearly
                // idle.
                final long roundMillis = (long)(seconds * 1000 / 5);
                warmUpMillis = warmUp(venue, roundMillis, 10 * roundMillis, millis ->
                {
                    final long start = System.nanoTime();
                    FanOut.run(client, Target.bourse(venue), subscribers, rate, millis / 1000.0, subscribers);
                    return System.nanoTime() - start;
                });
                result = FanOut.run(client, Target.bourse(venue), subscribers, rate, seconds, subscribers);
            }
            printFanOut("bourse after " + warmUpMillis + " ms of warm-up", result);
            final double perSubscriber = result.deliveredPerSecond() / subscribers;
            final FanOut.Result floor = FanOut.run(client, echo, subscribers, Math.max(1, Math.floor(perSubscriber)),
                seconds, 0);
            printFanOut("echo", floor);
            System.out.printf(Locale.ROOT, "  delivered ratio to echo %.2f, latency ratio %s%n",
                result.deliveredPerSecond() / floor.deliveredPerSecond(), ratio(result.latency(), floor.latency()));
            summary.add(String.format(Locale.ROOT, "fanout %,5d subscribers: %,.0f messages/s delivered "
                + "(floor %,.0f/s), %s; latency p50 %d / p99 %d us from engine ts (floor %d / %d)", subscribers,
                result.deliveredPerSecond(), floor.deliveredPerSecond(), result.clean() ? "every subscriber gap-free, "
                + "checksums equal" : "NOT CLEAN", result.latency().getValueAtPercentile(50),
                result.latency().getValueAtPercentile(99), floor.latency().getValueAtPercentile(50),
                floor.latency().getValueAtPercentile(99)));
        }
    }

    private void capacity(final ChildJvm echoServer) throws Exception
    {
        final int connections = quick ? Math.min(2_000, capacityConnections) : capacityConnections;
        heading("connection capacity: " + connections + " idle connections (authenticated on Bourse), server heap "
            + SERVER_HEAP);
        final Capacity.Result floor = Capacity.run(client, echo, echoServer, connections, 1);
        printCapacity("echo", floor);
        final Capacity.Result result;
        try (BenchVenue venue = venue(durability, ACCOUNTS))
        {
            result = Capacity.run(client, Target.bourse(venue), venue.process(), connections, ACCOUNTS);
        }
        printCapacity("bourse", result);
        summary.add(String.format(Locale.ROOT, "capacity: %,d of %,d connections held, %,.0f heap bytes each "
            + "(floor %,.0f, ratio %.2f), %,d answered a ping; heap %s -> %s", result.opened(), result.requested(),
            result.heapPerConnection(), floor.heapPerConnection(), result.heapPerConnection()
                / floor.heapPerConnection(), result.answered(), mib(result.heapBefore()), mib(result.heapAfter())));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private BenchVenue venue(final String policy, final int accounts) throws Exception
    {
        final Path dir = Files.createDirectories(work.resolve("venue-" + ++venues + "-" + policy));
        return BenchVenue.start(dir, policy, accounts, SERVER_HEAP);
    }

    private static void heading(final String what)
    {
        System.out.println();
        System.out.println("## " + what + " (load " + MachineInfo.loadAverage() + ")");
    }

    private static void print(final String target, final String what, final Histogram h)
    {
        System.out.printf(Locale.ROOT, "  %-13s %-18s %s%n", target, what, Latency.line(h));
    }

    private static void printFanOut(final String target, final FanOut.Result r)
    {
        System.out.printf(Locale.ROOT, "  %-6s sent %,.0f/s, delivered %,d = %,.0f messages/s; gaps %d, checksum "
            + "failures %d, slow_consumer %d, other errors %d, incomplete subscribers %d, driver failures %s%n"
            + "         latency from ts (ms resolution): %s%n", target, r.sentPerSecond(), r.delivered(),
            r.deliveredPerSecond(), r.gaps(), r.checksumFailures(), r.slowConsumer(), r.otherErrors(), r.incomplete(),
            r.driver(), Latency.line(r.latency()));
    }

    private static void printCapacity(final String target, final Capacity.Result r)
    {
        System.out.printf(Locale.ROOT, "  %-6s opened %,d of %,d in %,d ms%s; heap after GC %s -> %s = %,.0f bytes per "
            + "connection; RSS %s -> %s; %,d answered a ping%n", target, r.opened(), r.requested(), r.openMillis(),
            null == r.failure() ? "" : " (stopped: " + r.failure() + ")", mib(r.heapBefore()), mib(r.heapAfter()),
            r.heapPerConnection(), mib(r.rssBefore()), mib(r.rssAfter()), r.answered());
    }

    private static String ratio(final Histogram measured, final Histogram floor)
    {
        return "p50 " + times(measured, floor, 50) + ", p99 " + times(measured, floor, 99);
    }

    private static String times(final Histogram measured, final Histogram floor, final double percentile)
    {
        return String.format(Locale.ROOT, "%.2fx", measured.getValueAtPercentile(percentile)
            / (double)Math.max(1, floor.getValueAtPercentile(percentile)));
    }

    private static void failIfAny(final String what, final Outcomes outcomes)
    {
        if (outcomes.total() > 0)
        {
            throw new IllegalStateException(what + ": unexpected replies " + outcomes);
        }
    }

    private static String mib(final long bytes)
    {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String commit()
    {
        try
        {
            final Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").start();
            final String out = new String(git.getInputStream().readAllBytes()).strip();
            return 0 == git.waitFor() && !out.isEmpty() ? out : "unknown";
        }
        catch (final IOException e)
        {
            return "unknown";
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
