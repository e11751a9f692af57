package dev.bourse.bench.journal;

import dev.bourse.bench.engine.EngineWorkload;
import dev.bourse.engine.command.Command;
import dev.bourse.journal.Journal;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.snapshot.SnapshotStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Builds a real data directory for the recovery benchmark: the engine workload run through {@code Journal} and its
 * sequencer, with a snapshot part of the way through and one at the end (each taken by a clean close), and no
 * automatic snapshot in between.
 */
final class RecoveryDataBuilder
{
    private static final LongSupplier CLOCK = () -> System.currentTimeMillis() * 1_000_000;
    // One producer keeps the generated order, which the workload's amends and cancels rely on; a deep window keeps
    // the sequencer busy.
    private static final int IN_FLIGHT = 4096;

    private RecoveryDataBuilder()
    {
    }

    /**
     * What was built.
     *
     * @param records        commands in the log.
     * @param engineHash     the engine's state hash after the last one.
     * @param derivedHash    the hash of the derived state after the last one.
     * @param middleSnapshot the snapshot part of the way through.
     * @param endSnapshot    the snapshot after the last command.
     * @param nanos          how long the build took, the two snapshots included.
     */
    record Built(
        long records, byte[] engineHash, byte[] derivedHash, Path middleSnapshot, Path endSnapshot, long nanos)
    {
    }

    /**
     * The configuration the build uses, and every restart that does not ask for the replica: the default segment
     * size, durability policy {@code none} (the build only needs the bytes on disk; a restart appends nothing), no
     * automatic snapshot, and room for more snapshots than the build takes, so that none is pruned together with the
     * log it needs.
     */
    static JournalConfig config(final Path dir)
    {
        final JournalConfig defaults = JournalConfig.defaults(dir);
        return new JournalConfig(dir, defaults.sequencer().withPolicy(DurabilityPolicy.NONE),
            defaults.segmentBytes(), 0, 0, 3);
    }

    /**
     * The configuration a restart opens with: the build's, or with the server's periodic snapshots, which load the
     * snapshot replica beside the live state ({@link dev.bourse.journal.SnapshotMode#REPLICA}). A restart appends
     * nothing, so no snapshot falls due.
     */
    static JournalConfig restartConfig(final Path dir, final boolean replica)
    {
        final JournalConfig build = config(dir);
        if (!replica)
        {
            return build;
        }
        final JournalConfig defaults = JournalConfig.defaults(dir);
        return new JournalConfig(dir, build.sequencer(), build.segmentBytes(), defaults.snapshotEveryCommands(),
            defaults.snapshotIntervalMillis(), build.snapshotsKept(), defaults.snapshotMode());
    }

    /** The clock stamping commands, nanoseconds since the epoch. */
    static LongSupplier clock()
    {
        return CLOCK;
    }

    /**
     * Runs the workload's setup and the first {@code middle} commands, closes (a snapshot), reopens, runs the rest
     * and closes again (a snapshot at the end).
     */
    static Built build(final Path dir, final EngineWorkload workload, final RecoveryMode mode, final int middle)
        throws InterruptedException
    {
        final long start = System.nanoTime();
        final UUID epoch = Journal.epoch(dir, CLOCK);
        final List<Command> commands = Arrays.asList(workload.commands);
        final List<Command> first = new ArrayList<>(workload.setup);
        first.addAll(commands.subList(0, middle));
        run(dir, mode.layers(epoch), first);
        final RecoveryMode.Layers layers = mode.layers(epoch);
        final Journal journal = run(dir, layers, commands.subList(middle, commands.size()));
        final long nanos = System.nanoTime() - start;

        final List<Path> snapshots = new SnapshotStore(dir).snapshots();
        if (snapshots.size() != 2)
        {
            throw new IllegalStateException("expected two snapshots after the build: " + snapshots);
        }
        // Newest first; the log starts at sequence 1, so the last sequence is the number of commands in it.
        return new Built(SnapshotStore.sequenceOf(snapshots.get(0)), journal.stateHash(), layers.derivedHash().get(),
            snapshots.get(1), snapshots.get(0), nanos);
    }

    // Opens the directory, submits the commands, closes (which takes a snapshot) and returns the closed journal.
    private static Journal run(final Path dir, final RecoveryMode.Layers layers, final List<Command> commands)
        throws InterruptedException
    {
        final List<String> warnings = new ArrayList<>();
        final Journal journal = Journal.open(config(dir), layers.sink(), layers.derived(), warnings::add, CLOCK);
        journal.sequencer().start();
        Submitter.submitAndWait(journal.sequencer(), commands, 1, IN_FLIGHT, null);
        journal.close();
        if (!warnings.isEmpty())
        {
            throw new IllegalStateException("the build did not go cleanly: " + warnings);
        }
        return journal;
    }
}
