package dev.bourse.bench.journal;

import dev.bourse.bench.Directories;
import dev.bourse.bench.MachineInfo;
import dev.bourse.bench.Percentiles;
import dev.bourse.bench.engine.CountingEventSink;
import dev.bourse.bench.engine.EngineWorkload;
import dev.bourse.engine.Engine;
import dev.bourse.engine.command.Command;
import dev.bourse.journal.Journal;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.Sequencer;
import dev.bourse.journal.sequencer.SequencerConfig;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Commands per second through sequencer, log and engine, and the delay from submit to durable acknowledgement, for
 * each durability policy with 1 and with 64 producers; plus the bare engine on the same commands as the baseline.
 * Producers keep a window of commands in flight each, as a gateway with many clients would: 8 each, and one producer
 * with 4,096 in flight shows what the pipeline sustains when it is never starved.
 *
 * <p>Usage: {@code JournalThroughputBenchmark [commands] [dataParentDir] [policy ...]}; with no policy named, every
 * one is run.
 */
public final class JournalThroughputBenchmark
{
    private static final long START_NANOS = 1_700_000_000_000_000_000L;

    // producers x commands in flight per producer
    private static final int[][] SHAPES = {{1, 8}, {64, 8}, {1, 4096}};

    private JournalThroughputBenchmark()
    {
    }

    /** Runs every policy with every shape. */
    public static void main(final String[] args) throws Exception
    {
        final int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final Path parent = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
        System.out.println("journal throughput benchmark " + LocalDate.now() + " " + MachineInfo.describe());
        final List<DurabilityPolicy> policies = args.length > 2
            ? Arrays.stream(args, 2, args.length).map(name -> DurabilityPolicy.valueOf(name.toUpperCase(Locale.ROOT)))
                .toList()
            : List.of(DurabilityPolicy.values());
        final EngineWorkload workload = EngineWorkload.singleBook(42, count);
        System.out.printf("bare engine (baseline): %,.0f commands/s%n", bareEngine(workload));
        for (final DurabilityPolicy policy : policies)
        {
            for (final int[] shape : SHAPES)
            {
                run(workload, policy, shape[0], shape[1], parent);
            }
        }
        System.out.printf("bare engine (baseline, again): %,.0f commands/s%n", bareEngine(workload));
        System.out.println("load average at the end: " + MachineInfo.loadAverage());
    }

    private static double bareEngine(final EngineWorkload workload)
    {
        double best = 0;
        for (int round = 0; round < 3; round++)
        {
            final Engine engine = new Engine(new CountingEventSink());
            long sequence = 0;
            for (final Command c : workload.setup)
            {
                engine.apply(++sequence, START_NANOS, c);
            }
            final long start = System.nanoTime();
            for (int i = 0; i < workload.commands.length; i++)
            {
                engine.apply(++sequence, START_NANOS + i, workload.commands[i]);
            }
            best = Math.max(best, workload.commands.length * 1e9 / (System.nanoTime() - start));
        }
        return best;
    }

    private static void run(
        final EngineWorkload workload, final DurabilityPolicy policy, final int producers, final int inFlight,
        final Path parent)
        throws Exception
    {
        final Path dir = Files.createTempDirectory(parent, "bourse-journal-bench");
        try
        {
            final JournalConfig config = new JournalConfig(dir, SequencerConfig.DEFAULT.withPolicy(policy),
                256L << 20, 0, 0, 2);
            final Journal journal = Journal.open(config, new CountingEventSink(), System.err::println,
                () -> System.currentTimeMillis() * 1_000_000);
            final Sequencer sequencer = journal.sequencer();
            sequencer.start();
            Submitter.submitAndWait(sequencer, workload.setup, 1, 1, null);
            final Histogram latency = new Histogram(60_000_000_000L, 3);
            final long start = System.nanoTime();
            Submitter.submitAndWait(sequencer, List.of(workload.commands), producers, inFlight, latency);
            final long elapsed = System.nanoTime() - start;
            journal.close();
            System.out.printf("%-5s %2d producers x %,5d in flight: %,10.0f commands/s, ack delay %s%n", policy,
                producers, inFlight, workload.commands.length * 1e9 / elapsed,
                Percentiles.line(latency, TimeUnit.MICROSECONDS));
        }
        finally
        {
            Directories.deleteTree(dir);
        }
    }
}
