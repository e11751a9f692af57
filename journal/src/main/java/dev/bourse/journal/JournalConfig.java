package dev.bourse.journal;

import dev.bourse.journal.sequencer.SequencerConfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the journal lives and how it keeps itself.
 *
 * @param directory              the data directory: log segments, snapshots and the epoch file.
 * @param sequencer              batching and durability.
 * @param segmentBytes           a new log segment is started past this size.
 * @param snapshotEveryCommands  a snapshot is taken after this many commands, 0 for never by count.
 * @param snapshotIntervalMillis a snapshot is taken after this long with new commands, 0 for never by time.
 * @param snapshotsKept          snapshots kept; older ones, and the log segments only they needed, are deleted.
 * @param snapshotMode           how periodic snapshots are taken; the one at a clean close is always taken from the live
 *                               state.
 */
public record JournalConfig(
    Path directory, SequencerConfig sequencer, long segmentBytes, long snapshotEveryCommands,
    long snapshotIntervalMillis, int snapshotsKept, SnapshotMode snapshotMode)
{
    /**
     * The largest segment size: a segment is read whole as one mapped buffer, so it must stay under 2 GiB, and the
     * batch that passes the size is still written to it.
     */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    /** Checks every setting, naming the one that is wrong. */
    public JournalConfig
    {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(sequencer, "sequencer");
        Objects.requireNonNull(snapshotMode, "snapshotMode");
        if (segmentBytes < 4096 || segmentBytes > MAX_SEGMENT_BYTES)
        {
            throw new IllegalArgumentException(
                "segmentBytes must be 4096 to " + MAX_SEGMENT_BYTES + " (1 GiB), got " + segmentBytes);
        }
        if (snapshotEveryCommands < 0 || snapshotIntervalMillis < 0)
        {
            throw new IllegalArgumentException("snapshot intervals must not be negative");
        }
        if (snapshotsKept < 1)
        {
            throw new IllegalArgumentException("snapshotsKept must be at least 1, got " + snapshotsKept);
        }
    }

    /** The same with snapshots taken by a {@link SnapshotMode#REPLICA}, the default. */
    public JournalConfig(
        final Path directory, final SequencerConfig sequencer, final long segmentBytes,
        final long snapshotEveryCommands, final long snapshotIntervalMillis, final int snapshotsKept)
    {
        this(directory, sequencer, segmentBytes, snapshotEveryCommands, snapshotIntervalMillis, snapshotsKept,
            SnapshotMode.REPLICA);
    }

    /**
     * Defaults for a data directory: fsync policy, 256 MiB segments, a snapshot every 1M commands or 5 minutes, taken
     * by a replica.
     */
    public static JournalConfig defaults(final Path directory)
    {
        return new JournalConfig(directory, SequencerConfig.DEFAULT, 256L << 20, 1_000_000, 300_000, 2);
    }

    /** The same with snapshots taken the given way. */
    public JournalConfig withSnapshotMode(final SnapshotMode mode)
    {
        return new JournalConfig(directory, sequencer, segmentBytes, snapshotEveryCommands, snapshotIntervalMillis,
            snapshotsKept, mode);
    }
}
