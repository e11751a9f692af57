package dev.bourse.journal;

import dev.bourse.journal.log.JournalReader;
import dev.bourse.journal.log.LogFormat;
import dev.bourse.journal.snapshot.SnapshotStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The explicit, operator-requested way past a corrupted log: says what will be lost, then cuts the log at the first
 * damaged record, deletes every later segment and every snapshot beyond the last good record. Never run implicitly.
 */
public final class JournalRepair
{
    private JournalRepair()
    {
    }

    /**
     * Checks the log and, if it is corrupted, cuts it at the damage.
     *
     * @param directory the data directory.
     * @param report    receives one line per thing lost, before anything is changed, then one line per change.
     * @return the sequence of the last record kept, or -1 when the log was sound and nothing changed.
     */
    public static long repair(final Path directory, final Consumer<String> report)
    {
        final CorruptLogException damage;
        try
        {
            JournalReader.read(directory, Long.MAX_VALUE, (sequence, timestamp, payload) -> { });
            return -1;
        }
        catch (final CorruptLogException e)
        {
            damage = e;
        }
        final long kept = damage.lastGoodSequence();
        final List<Path> laterSegments = new ArrayList<>();
        final long damagedFirst = LogFormat.firstSequenceOf(damage.file().getFileName().toString());
        for (final Path segment : JournalReader.segments(directory))
        {
            if (LogFormat.firstSequenceOf(segment.getFileName().toString()) > damagedFirst)
            {
                laterSegments.add(segment);
            }
        }
        final SnapshotStore snapshots = new SnapshotStore(directory);
        final List<Path> laterSnapshots = snapshots.snapshots().stream()
            .filter(p -> SnapshotStore.sequenceOf(p) > kept).toList();
        try
        {
            report.accept("log damaged: " + damage.getMessage());
            report.accept("will keep commands up to sequence " + kept + "; every command after it is lost: "
                + (Files.size(damage.file()) - damage.offset()) + " bytes of " + damage.file() + " from offset "
                + damage.offset() + ", " + laterSegments.size() + " later segment(s), " + laterSnapshots.size()
                + " snapshot(s) past sequence " + kept);
            try (FileChannel channel = FileChannel.open(damage.file(), StandardOpenOption.WRITE))
            {
                channel.truncate(damage.offset());
                channel.force(true);
            }
            report.accept("truncated: file=" + damage.file() + ", offset=" + damage.offset());
            for (final Path path : laterSegments)
            {
                Files.delete(path);
                report.accept("deleted: file=" + path);
            }
            for (final Path path : laterSnapshots)
            {
                Files.delete(path);
                report.accept("deleted: file=" + path);
            }
        }
        catch (final IOException e)
        {
            throw new JournalException("repair failed: directory=" + directory, e);
        }
        return kept;
    }
}
