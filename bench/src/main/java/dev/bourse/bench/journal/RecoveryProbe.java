package dev.bourse.bench.journal;

import dev.bourse.bench.JavaCommand;
import dev.bourse.engine.event.ForwardingEventSink;
import dev.bourse.journal.Journal;
import dev.bourse.journal.log.JournalReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One restart, in a JVM of its own as a real restart is (classes not loaded, JIT cold, heap empty): opens the data
 * directory as the gateway does, times it, checks the recovered state against the run that wrote the log, and
 * prints one result line for the benchmark that launched it. The journal is left unclosed, as after a crash, so the
 * directory stays exactly as it was for the next restart.
 *
 * <p>Usage (by {@link #restart}): {@code RecoveryProbe dataDir mode engineHash derivedHash expectedReplayed replica},
 * the last {@code true} to open with the server's periodic snapshots, whose replica is loaded during the open.
 */
public final class RecoveryProbe
{
    private static final String RESULT = "recovery-result";

    private RecoveryProbe()
    {
    }

    /**
     * What one restart took.
     *
     * @param openNanos        from before the projection is created to the journal being open, as the gateway times it.
     * @param firstReplayNanos from the same start to the first replayed command (snapshot loaded, log checked up to
     *                         it), or -1 when nothing was replayed.
     * @param replayed         commands replayed after the snapshot.
     * @param uptimeMillis     the JVM's uptime when the journal was open: start-up included.
     * @param logCheckNanos    a second pass over the whole log checking every record without replaying any, right
     *                         after the restart (warm).
     * @param heapBytes        heap in use after the restart and a full collection: what the recovered state holds.
     * @param replicaGivenUp   the heap had no room for the snapshot replica, so this restart holds one copy only.
     */
    record Result(
        long openNanos, long firstReplayNanos, long replayed, long uptimeMillis, long logCheckNanos, long heapBytes,
        boolean replicaGivenUp)
    {
        /** Replayed commands per second, from the first replayed command to the journal being open. */
        double replayRate()
        {
            return replayed == 0 ? 0 : replayed * 1e9 / (openNanos - firstReplayNanos);
        }
    }

    /**
     * Restarts on {@code dir} in a new JVM with this JVM's options, and fails unless the recovered state equals the
     * one built.
     */
    static Result restart(final Path dir, final RecoveryMode mode, final RecoveryDataBuilder.Built built,
        final long expectedReplayed, final boolean replica)
        throws IOException, InterruptedException
    {
        final List<String> command = JavaCommand.of(ManagementFactory.getRuntimeMXBean().getInputArguments(),
            RecoveryProbe.class.getName(), List.of(dir.toString(), mode.name(),
                HexFormat.of().formatHex(built.engineHash()), HexFormat.of().formatHex(built.derivedHash()),
                Long.toString(expectedReplayed), Boolean.toString(replica)));
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Result result = null;
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            for (String line = out.readLine(); null != line; line = out.readLine())
            {
                if (line.startsWith(RESULT + " "))
                {
                    final long[] v = Arrays.stream(line.substring(RESULT.length() + 1).split(" "))
                        .mapToLong(Long::parseLong).toArray();
                    result = new Result(v[0], v[1], v[2], v[3], v[4], v[5], 1 == v[6]);
                }
            }
        }
        final int exit = process.waitFor();
        if (0 != exit || null == result)
        {
            throw new IllegalStateException("restart failed (see above): exit=" + exit + ", directory=" + dir);
        }
        return result;
    }

    /** The restart itself; see the class comment. Exits with 1 when the recovered state is not the one built. */
    public static void main(final String[] args) throws IOException
    {
        final Path dir = Path.of(args[0]);
        final RecoveryMode mode = RecoveryMode.valueOf(args[1]);
        final byte[] engineHash = HexFormat.of().parseHex(args[2]);
        final byte[] derivedHash = HexFormat.of().parseHex(args[3]);
        final long expectedReplayed = Long.parseLong(args[4]);
        final boolean replica = Boolean.parseBoolean(args[5]);

        final long start = System.nanoTime();
        final UUID epoch = Journal.epoch(dir, RecoveryDataBuilder.clock());
        final RecoveryMode.Layers layers = mode.layers(epoch);
        final long[] firstReplay = {-1};
        final ForwardingEventSink watched = new ForwardingEventSink(layers.sink())
        {
            @Override
            public void onCommandStart(final long sequence, final long timestampNanos)
            {
                if (firstReplay[0] < 0)
                {
                    firstReplay[0] = System.nanoTime() - start;
                }
                super.onCommandStart(sequence, timestampNanos);
            }
        };
        final List<String> warnings = new ArrayList<>();
        final Journal journal = Journal.open(RecoveryDataBuilder.restartConfig(dir, replica), epoch, watched,
            layers.derived(), warnings::add, RecoveryDataBuilder.clock());
        final long open = System.nanoTime() - start;
        final long uptime = ManagementFactory.getRuntimeMXBean().getUptime();

        // A replica the heap had no room for is an outcome to report, not a wrong state; any other warning is.
        final Map<Boolean, List<String>> givenUp = warnings.stream()
            .collect(Collectors.partitioningBy(w -> w.startsWith("snapshot replica given up")));
        final List<String> wrong = new ArrayList<>(givenUp.get(false));
        if (journal.replayedCommands() != expectedReplayed)
        {
            wrong.add("replayed " + journal.replayedCommands() + " commands, expected " + expectedReplayed);
        }
        if (!Arrays.equals(journal.stateHash(), engineHash))
        {
            wrong.add("engine state hash differs from the one at the end of the build");
        }
        if (!Arrays.equals(layers.derivedHash().get(), derivedHash))
        {
            wrong.add("derived state (" + layers.derived().format() + ") differs from the one at the end of the build");
        }
        if (!wrong.isEmpty())
        {
            System.err.println("RECOVERY CHECK FAILED: mode=" + mode + ", directory=" + dir + ": " + wrong);
            System.exit(1);
        }
        final long checkStart = System.nanoTime();
        JournalReader.read(dir, Long.MAX_VALUE, (sequence, timestamp, payload) -> { });
        final long logCheck = System.nanoTime() - checkStart;
        // The recovered state must stay reachable through the collection (see the fence below) to be counted.
        System.gc();
        final long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.println(RESULT + " " + open + " " + firstReplay[0] + " " + journal.replayedCommands() + " " + uptime
            + " " + logCheck + " " + heap + " " + (givenUp.get(true).isEmpty() ? 0 : 1));
        Reference.reachabilityFence(layers);
    }
}
