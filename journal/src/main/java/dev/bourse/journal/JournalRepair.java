package dev.bourse.journal;

import dev.bourse.journal.log.JournalReader;
import dev.bourse.journal.log.LogFormat;
import dev.bourse.journal.snapshot.SnapshotStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The explicit, operator-requested way past a corrupted log, in two steps: {@link #inspect} reads the whole log and,
 * if it is damaged, plans the cut without changing anything; {@link #apply} cuts the log at the first damage (a record,
 * or a segment's header), deletes every later segment and every snapshot beyond the last good record. Never run
 * implicitly, and only while no journal has the directory open.
 */
public final class JournalRepair
{
    /**
     * What cutting the log at its first damaged record keeps and loses.
     *
     * @param damage            what reading found, file and offset included.
     * @param file              the segment holding the damage, cut there (deleted when its header is at fault).
     * @param offset            where the damaged record starts in that segment, 0 when its header is at fault.
     * @param lastGoodSequence  the last record kept.
     * @param bytesCut          the bytes of that segment from the offset on.
     * @param laterSegments     the segments after it, deleted whole, oldest first.
     * @param laterSegmentBytes their bytes together.
     * @param laterSnapshots    the snapshots past the last good record, deleted: they are ahead of what is kept.
     */
    public record Plan(
        String damage, Path file, long offset, long lastGoodSequence, long bytesCut, List<Path> laterSegments,
        long laterSegmentBytes, List<Path> laterSnapshots)
    {
        /** Copies the lists. */
        public Plan
        {
            laterSegments = List.copyOf(laterSegments);
            laterSnapshots = List.copyOf(laterSnapshots);
        }

        /** One line per fact, for an operator: the damage, what is kept, and everything that would be lost. */
        public List<String> describe()
        {
            final List<String> lines = new ArrayList<>();
            lines.add("log damaged: " + damage);
            lines.add("kept: every command up to sequence " + lastGoodSequence + ", the last good record");
            lines.add("lost: every command after sequence " + lastGoodSequence + ": " + bytesCut + " bytes of " + file
                + " from offset " + offset + ", " + laterSegments.size() + " later segment(s) of " + laterSegmentBytes
                + " bytes, " + laterSnapshots.size() + " snapshot(s) past sequence " + lastGoodSequence);
            laterSegments.forEach(segment -> lines.add("  segment to delete: " + segment));
            laterSnapshots.forEach(snapshot -> lines.add("  snapshot to delete: " + snapshot));
            return lines;
        }
    }

    private static final String REFUSED = "cannot repair by cutting the log: ";

    private JournalRepair()
    {
    }

    /**
     * Reads every record of the log and plans the cut at the first damage. Changes nothing. A torn tail is not
     * damage: recovery cuts it by itself.
     *
     * @param directory the data directory.
     * @return the plan, or empty when the log is sound.
     * @throws JournalException when a cut cannot make the log usable: a segment of an unknown format (another
     *                          version's), a log that the directory's epoch file disowns, or no snapshot kept that
     *                          would let the shortened log start.
     */
    public static Optional<Plan> inspect(final Path directory)
    {
        final JournalReader.Result log;
        try
        {
            log = JournalReader.read(directory, Long.MAX_VALUE, (sequence, timestamp, payload) -> { });
        }
        catch (final CorruptLogException e)
        {
            return Optional.of(plan(directory, e));
        }
        catch (final JournalException e)
        {
            throw new JournalException(REFUSED + e.getMessage(), e);
        }
        checkEpoch(directory, log.epoch());
        return Optional.empty();
    }

    // The cut at the damage, once it is known to leave a log that can start.
    private static Plan plan(final Path directory, final CorruptLogException damage)
    {
        checkEpoch(directory, damage.epoch());
        final long kept = damage.lastGoodSequence();
        final List<Path> segments = JournalReader.segments(directory);
        final long damagedFirst = LogFormat.firstSequenceOf(damage.file());
        final List<Path> laterSegments = segments.stream().filter(p -> LogFormat.firstSequenceOf(p) > damagedFirst).toList();
        final List<Path> snapshots = new SnapshotStore(directory).snapshots();
        final List<Path> laterSnapshots = snapshots.stream().filter(p -> SnapshotStore.sequenceOf(p) > kept).toList();
        // Once old segments are pruned, the log can only start from a snapshot that it continues.
        final long firstInLog = LogFormat.firstSequenceOf(segments.get(0));
        if (firstInLog > 1 && snapshots.stream().map(SnapshotStore::sequenceOf)
            .noneMatch(s -> s <= kept && s >= firstInLog - 1))
        {
            throw new JournalException(REFUSED + damage.getMessage()
                + "; the log starts at sequence " + firstInLog + " and no snapshot between sequence "
                + (firstInLog - 1) + " and " + kept + " is left to start from");
        }
        try
        {
            long laterSegmentBytes = 0;
            for (final Path segment : laterSegments)
            {
                laterSegmentBytes += Files.size(segment);
            }
            return new Plan(damage.getMessage(), damage.file(), damage.offset(), kept,
                Files.size(damage.file()) - damage.offset(), laterSegments, laterSegmentBytes, laterSnapshots);
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot size log segments: directory=" + directory, e);
        }
    }

    // A cut keeps the log's epoch: one the epoch file does not name would still keep the server from starting.
    private static void checkEpoch(final Path directory, final UUID logEpoch)
    {
        final UUID epoch = Epochs.read(directory);
        if (null != logEpoch && !logEpoch.equals(epoch))
        {
            throw new JournalException(REFUSED + "log of another epoch: directory=" + directory + ", log=" + logEpoch
                + ", epochFile=" + (null == epoch ? "missing" : epoch)
                + "; the log and the epoch file must come from the same data directory");
        }
    }

    /**
     * Carries out a plan from {@link #inspect} of the same, unchanged directory. Deletes the snapshots first, then
     * the later segments newest first, and cuts the damaged segment last (deletes it when its header is at fault): if
     * this is interrupted, the damage is still where it was, and inspecting again plans the rest.
     *
     * @param plan   what to cut and delete.
     * @param report receives one line per change, once it is made.
     * @throws JournalException when the damaged segment is no longer the size the plan found, or a change fails.
     */
    public static void apply(final Plan plan, final Consumer<String> report)
    {
        try
        {
            if (Files.size(plan.file()) != plan.offset() + plan.bytesCut())
            {
                throw new JournalException("log changed since it was inspected: file=" + plan.file());
            }
            for (final Path snapshot : plan.laterSnapshots())
            {
                Files.delete(snapshot);
                report.accept("deleted: file=" + snapshot);
            }
            for (final Path segment : plan.laterSegments().reversed())
            {
                Files.delete(segment);
                report.accept("deleted: file=" + segment);
            }
            JournalReader.cut(plan.file(), plan.offset());
            Directories.force(plan.file().getParent());
            report.accept(0 == plan.offset() ? "deleted: file=" + plan.file()
                : "truncated: file=" + plan.file() + ", offset=" + plan.offset() + ", bytes=" + plan.bytesCut());
        }
        catch (final IOException e)
        {
            throw new JournalException("repair failed: file=" + plan.file(), e);
        }
    }
}
