package dev.bourse.server.config;

import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.SnapshotMode;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.SequencerConfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code journal:} section: durability, batching, segments and snapshots.
 *
 * @param durability              when a command counts as durable and may be acknowledged.
 * @param fsyncIntervalMs         under {@link DurabilityPolicy#WRITE}, how often written batches are fsynced.
 * @param queueCapacity           commands waiting for the sequencer at most.
 * @param maxBatch                commands written, and fsynced, together at most.
 * @param segmentMb               a new log segment is started past this many MiB.
 * @param snapshotEveryCommands   a snapshot after this many commands, 0 for never by count.
 * @param snapshotIntervalSeconds a snapshot after this long with new commands, 0 for never by time.
 * @param snapshotsKept           snapshots kept; older ones and the segments only they needed are deleted.
 * @param snapshotMode            how periodic snapshots are taken: by a replica (no pause, a second copy of the state
 *                                in memory) or inline.
 */
public record JournalSettings(
    DurabilityPolicy durability, long fsyncIntervalMs, int queueCapacity, int maxBatch, int segmentMb,
    long snapshotEveryCommands, long snapshotIntervalSeconds, int snapshotsKept, SnapshotMode snapshotMode)
{
    /** The journal module's own defaults: fsync every batch, 256 MiB segments, a snapshot per 1M commands or 5 min. */
    public static final JournalSettings DEFAULT = of(JournalConfig.defaults(Path.of("")));

    /** Checks that the policy and the snapshot mode are present. */
    public JournalSettings
    {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(snapshotMode, "snapshotMode");
    }

    private static JournalSettings of(final JournalConfig config)
    {
        final SequencerConfig sequencer = config.sequencer();
        return new JournalSettings(
            sequencer.policy(), sequencer.fsyncIntervalMillis(), sequencer.queueCapacity(), sequencer.maxBatch(),
            (int)(config.segmentBytes() >> 20), config.snapshotEveryCommands(), config.snapshotIntervalMillis() / 1000,
            config.snapshotsKept(), config.snapshotMode());
    }

    /** The journal's configuration for a data directory. */
    public JournalConfig toJournalConfig(final Path directory)
    {
        final SequencerConfig sequencer = new SequencerConfig(durability, fsyncIntervalMs, queueCapacity, maxBatch);
        return new JournalConfig(
            directory, sequencer, (long)segmentMb << 20, snapshotEveryCommands, snapshotIntervalSeconds * 1000,
            snapshotsKept, snapshotMode);
    }
}
