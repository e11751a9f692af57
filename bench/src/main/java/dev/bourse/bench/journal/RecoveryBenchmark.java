package dev.bourse.bench.journal;

import dev.bourse.bench.Directories;
import dev.bourse.bench.MachineInfo;
import dev.bourse.bench.engine.EngineWorkload;
import dev.bourse.journal.log.JournalReader;
import dev.bourse.journal.snapshot.SnapshotStore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Time to restart on a journal of many commands: without a snapshot (the whole log replayed), with a snapshot at the
 * end (snapshot loaded and checked, the log checked, nothing replayed), and with a snapshot two thirds of the way
 * (the last third replayed). The data directory is real, on disk: the single-book engine workload run through the
 * journal. Each restart runs in a JVM of its own ({@link RecoveryProbe}) and is checked against the state the build
 * ended with; warm runs read the files from the page cache, and a last run per scenario reads them after the cache
 * is dropped, when the operating system allows it. Both the journal alone and the journal with the gateway's
 * projection (what the server rebuilds) are measured. With {@code replica}, every restart is made twice in turn:
 * as the build configured the journal (no periodic snapshots), and with the server's default periodic snapshots,
 * whose snapshot replica is loaded during the open beside the live state.
 *
 * <p>Usage: {@code RecoveryBenchmark [commands] [dataParentDir] [runs] [journal|gateway|all] [replica]}.
 */
public final class RecoveryBenchmark
{
    private static final long SEED = 42;

    private RecoveryBenchmark()
    {
    }

    /** One restart configuration: which snapshot the data directory holds, and how much of the log is replayed. */
    private record Scenario(String name, Path snapshot, long replayed)
    {
    }

    /** Builds a data directory per mode and restarts on it; see the class comment for the arguments. */
    public static void main(final String[] args) throws Exception
    {
        final int count = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        final Path parent = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
        final int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        final String which = args.length > 3 ? args[3] : "all";
        if (args.length > 4 && !args[4].equals("replica"))
        {
            throw new IllegalArgumentException("the fifth argument can only be 'replica', got: " + args[4]);
        }
        final List<Boolean> replicaSettings = args.length > 4 ? List.of(false, true) : List.of(false);
        System.out.println("recovery benchmark " + LocalDate.now() + " " + MachineInfo.describe());
        System.out.println("JVM options (restarts use the same): "
            + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        final EngineWorkload workload = EngineWorkload.singleBook(SEED, count);
        for (final RecoveryMode mode : RecoveryMode.values())
        {
            if (which.equals("all") || which.equalsIgnoreCase(mode.name()))
            {
                run(workload, mode, parent, runs, replicaSettings);
            }
        }
        System.out.println("load average at the end: " + MachineInfo.loadAverage());
    }

    private static void run(
        final EngineWorkload workload, final RecoveryMode mode, final Path parent, final int runs,
        final List<Boolean> replicaSettings)
        throws Exception
    {
        final Path root = Files.createTempDirectory(parent, "bourse-recovery-bench");
        try
        {
            final Path data = root.resolve("data");
            final Path aside = Files.createDirectory(root.resolve("aside"));
            final FileStore store = Files.getFileStore(root);
            System.out.printf("%n== %s: data directory %s (%s on %s)%n", mode, data, store.type(), store.name());
            if (store.type().equals("tmpfs"))
            {
                System.out.println("WARNING: the data directory is in memory (tmpfs): no disk is measured");
            }
            final int middle = workload.commands.length * 2 / 3;
            final RecoveryDataBuilder.Built built = RecoveryDataBuilder.build(data, workload, mode, middle);
            // The build's projection is garbage now: let the heap shrink before the restarts' JVMs need memory.
            System.gc();
            final long middleSequence = SnapshotStore.sequenceOf(built.middleSnapshot());
            System.out.printf("build: %,d commands (%,d setup) in %.1f s with its two snapshots, %,.0f commands/s, "
                + "policy none, snapshots at the two clean closes only%n", built.records(), workload.setup.size(),
                built.nanos() / 1e9, built.records() * 1e9 / built.nanos());
            long logBytes = 0;
            final List<Path> segments = JournalReader.segments(data);
            for (final Path segment : segments)
            {
                logBytes += Files.size(segment);
            }
            System.out.printf("on disk: log %s in %d segment(s); snapshot at %,d: %s; snapshot at %,d: %s%n",
                mib(logBytes), segments.size(), middleSequence, mib(Files.size(built.middleSnapshot())),
                built.records(), mib(Files.size(built.endSnapshot())));
            final List<Scenario> scenarios = List.of(
                new Scenario("no snapshot, whole log replayed", null, built.records()),
                new Scenario("snapshot at the end", built.endSnapshot(), 0),
                new Scenario(String.format("snapshot at %,d, tail replayed", middleSequence), built.middleSnapshot(),
                    built.records() - middleSequence));
            for (final Scenario scenario : scenarios)
            {
                restarts(data, aside, mode, built, scenario, runs, replicaSettings);
            }
        }
        finally
        {
            Directories.deleteTree(root);
        }
    }

    private static void restarts(
        final Path data, final Path aside, final RecoveryMode mode, final RecoveryDataBuilder.Built built,
        final Scenario scenario, final int runs, final List<Boolean> replicaSettings)
        throws IOException, InterruptedException
    {
        System.out.printf("-- %s: %,d commands to replay%n", scenario.name(), scenario.replayed());
        keepOnly(data, aside, built, scenario.snapshot());
        // Settings alternate, and swap which goes first each round, so that drift and order fall on both alike.
        final List<List<RecoveryProbe.Result>> warm = new ArrayList<>();
        for (int s = 0; s < replicaSettings.size(); s++)
        {
            warm.add(new ArrayList<>());
        }
        for (int i = 1; i <= runs; i++)
        {
            for (int k = 0; k < replicaSettings.size(); k++)
            {
                final int s = 0 == i % 2 ? replicaSettings.size() - 1 - k : k;
                final boolean replica = replicaSettings.get(s);
                final RecoveryProbe.Result r = RecoveryProbe.restart(data, mode, built, scenario.replayed(), replica);
                print("run " + i + label(replica), r);
                warm.get(s).add(r);
            }
        }
        for (int s = 0; s < replicaSettings.size(); s++)
        {
            final List<RecoveryProbe.Result> results = warm.get(s);
            final double[] open = sorted(results, r -> r.openNanos() / 1e6);
            final double[] first = sorted(results, r -> r.firstReplayNanos() / 1e6);
            final double[] rate = sorted(results, RecoveryProbe.Result::replayRate);
            final double[] uptime = sorted(results, RecoveryProbe.Result::uptimeMillis);
            System.out.printf("%s, %s%s, %d warm runs: open median %,.0f ms (range %,.0f - %,.0f)%s, "
                + "JVM uptime when open median %,.0f ms; state checked%n", mode, scenario.name(),
                label(replicaSettings.get(s)), runs, median(open), open[0], open[open.length - 1],
                0 == scenario.replayed() ? "" : String.format(
                    ", first replayed command at median %,.0f ms, replay median %,.0f commands/s", median(first),
                    median(rate)), median(uptime));
        }
        for (final boolean replica : replicaSettings)
        {
            final String notDropped = PageCache.drop();
            if (null == notDropped)
            {
                print("cold (page cache dropped)" + label(replica),
                    RecoveryProbe.restart(data, mode, built, scenario.replayed(), replica));
            }
            else
            {
                System.out.println("cold run skipped: " + notDropped);
            }
        }
    }

    private static String label(final boolean replica)
    {
        return replica ? " (periodic snapshots: replica loaded too)" : "";
    }

    private static void print(final String label, final RecoveryProbe.Result r)
    {
        final String replay = 0 == r.replayed() ? "nothing replayed" : String.format(
            "first replayed command at %,.0f ms, replayed %,d at %,.0f commands/s", r.firstReplayNanos() / 1e6,
            r.replayed(), r.replayRate());
        System.out.printf("  %s: open %,.0f ms (%s), JVM uptime when open %,d ms, heap after %s; whole-log check "
            + "alone %,.0f ms%s%n", label, r.openNanos() / 1e6, replay, r.uptimeMillis(), mib(r.heapBytes()),
            r.logCheckNanos() / 1e6, r.replicaGivenUp() ? "; REPLICA GIVEN UP: no heap for a second copy" : "");
    }

    // Leaves in the data directory only the given snapshot (or none); the build's other snapshots wait aside.
    private static void keepOnly(
        final Path data, final Path aside, final RecoveryDataBuilder.Built built, final Path snapshot)
        throws IOException
    {
        for (final Path s : List.of(built.middleSnapshot(), built.endSnapshot()))
        {
            final Path inData = data.resolve(s.getFileName());
            final Path inAside = aside.resolve(s.getFileName());
            if (s.equals(snapshot) && Files.exists(inAside))
            {
                Files.move(inAside, inData);
            }
            else if (!s.equals(snapshot) && Files.exists(inData))
            {
                Files.move(inData, inAside);
            }
        }
        final List<Path> left = new SnapshotStore(data).snapshots();
        if (!left.equals(null == snapshot ? List.of() : List.of(snapshot)))
        {
            throw new IllegalStateException("unexpected snapshots in the data directory: " + left);
        }
    }

    private static double[] sorted(
        final List<RecoveryProbe.Result> results, final ToDoubleFunction<RecoveryProbe.Result> figure)
    {
        return results.stream().mapToDouble(figure).sorted().toArray();
    }

    private static double median(final double[] sorted)
    {
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String mib(final long bytes)
    {
        return String.format("%,.1f MiB", bytes / 1048576.0);
    }
}
