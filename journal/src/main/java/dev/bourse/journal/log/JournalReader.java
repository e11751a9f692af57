package dev.bourse.journal.log;

import dev.bourse.journal.CorruptLogException;
import dev.bourse.journal.JournalException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads the log back in sequence order; {@link #read} checks every byte of it. A record that is cut short, or fails
 * its CRC, at the very end of the last segment is a torn tail: the write a crash interrupted, never acknowledged,
 * reported in the {@link Result} so that recovery can cut it off. Anything else that fails a check (a bad record
 * followed by a good one, a bad header, a gap in the sequence, a different epoch) is corruption: reading stops with a
 * {@link CorruptLogException} naming the file and offset. An intact header of an unknown format version is not
 * damage but another version's log: a plain {@link JournalException}.
 */
public final class JournalReader
{
    /** Receives each record in order. */
    @FunctionalInterface
    public interface RecordHandler
    {
        /**
         * One record.
         *
         * @param sequence       its sequence number.
         * @param timestampNanos its timestamp.
         * @param payload        the encoded command, from position to limit; valid during the call only.
         */
        void onRecord(long sequence, long timestampNanos, ByteBuffer payload);
    }

    /**
     * What reading found.
     *
     * @param epoch         the log's epoch, or null when there is no segment yet.
     * @param firstSequence the first record's sequence (later than 1 once old segments are pruned), 0 when none.
     * @param lastSequence  the last good record's sequence, 0 when none.
     * @param lastSegment   the segment to continue appending to, or null when there is none.
     * @param tornFile      the file holding a torn tail, or null when there is none.
     * @param tornOffset    where the torn tail starts in that file; 0 when the whole file is torn.
     * @param tornBytes     how many bytes the torn tail has.
     */
    public record Result(
        UUID epoch, long firstSequence, long lastSequence, Path lastSegment, Path tornFile, long tornOffset,
        long tornBytes)
    {
    }

    private JournalReader()
    {
    }

    /** The segment files of a directory, oldest first. */
    public static List<Path> segments(final Path directory)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            final List<Path> segments = new ArrayList<>(files
                .filter(p -> LogFormat.firstSequenceOf(p) >= 0).toList());
            segments.sort((a, b) -> Long.compare(LogFormat.firstSequenceOf(a), LogFormat.firstSequenceOf(b)));
            return segments;
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot list log segments: directory=" + directory, e);
        }
    }

    /**
     * Reads every record with a sequence number of at least {@code fromSequence}, checking all of them.
     *
     * @param directory    the data directory.
     * @param fromSequence records before this one are checked but not handed over (a snapshot covers them).
     * @param handler      receives the records.
     * @return what was found, torn tail included.
     */
    public static Result read(final Path directory, final long fromSequence, final RecordHandler handler)
    {
        final List<Path> segments = segments(directory);
        final RecordWalk walk = new RecordWalk();
        UUID epoch = null;
        long firstSequence = 0;
        Path lastSegment = null;
        Path tornFile = null;
        long tornOffset = 0;
        long tornBytes = 0;
        for (int i = 0; i < segments.size(); i++)
        {
            final Path segment = segments.get(i);
            final boolean last = i == segments.size() - 1;
            final ByteBuffer data = map(segment);
            if (last && createdTorn(data, walk.crc))
            {
                // The crash came while the segment was being created: nothing in it was ever acknowledged.
                tornFile = segment;
                tornBytes = data.limit();
                break;
            }
            if (i == 0)
            {
                // Segments before this one may have been pruned: the log starts where its oldest segment does.
                walk.lastSequence = LogFormat.firstSequenceOf(segment) - 1;
                firstSequence = walk.lastSequence + 1;
            }
            epoch = checkHeader(segment, data, walk.crc, walk.lastSequence, epoch);
            final Stop stop = walk.walk(segment, data, Long.MIN_VALUE, fromSequence, Long.MAX_VALUE, handler);
            if (Stop.BAD_RECORD == stop)
            {
                // Torn only if nothing good follows: a good record right after means damage inside the log.
                if (!last || walk.goodRecordFollows())
                {
                    throw walk.badRecord(epoch);
                }
                tornFile = segment;
                tornOffset = walk.offset;
                tornBytes = data.limit() - walk.offset;
            }
            else if (Stop.SEQUENCE_GAP == stop)
            {
                throw new CorruptLogException("sequence gap: file=" + segment + ", offset=" + walk.offset
                    + ", sequence=" + data.getLong(walk.offset + LogFormat.SEQUENCE_OFFSET) + ", expected="
                    + (walk.lastSequence + 1), segment, walk.offset, walk.lastSequence, epoch);
            }
            lastSegment = segment;
        }
        return new Result(epoch, firstSequence, walk.lastSequence, lastSegment, tornFile, tornOffset, tornBytes);
    }

    /**
     * Reads records {@code fromSequence} to {@code toSequence} of a log that may still be appended to, for a reader
     * catching up with what has been written: it starts at the segment holding the first and stops after the last,
     * never looking at what is being written after it. Every record in the range must be whole and good. The records
     * before it in its first segment are followed by their lengths and sequence numbers only: their CRCs were checked
     * when the log was opened or by an earlier catch-up.
     *
     * @param directory    the data directory.
     * @param epoch        the log's epoch.
     * @param fromSequence the first record handed over.
     * @param toSequence   the last record read; written before this is called.
     * @param handler      receives the records.
     * @throws CorruptLogException when a record in the range fails a check.
     * @throws JournalException    when the log does not hold the whole range.
     */
    public static void readRange(
        final Path directory, final UUID epoch, final long fromSequence, final long toSequence,
        final RecordHandler handler)
    {
        if (fromSequence > toSequence)
        {
            return;
        }
        final List<Path> segments = segments(directory);
        int first = -1;
        for (int i = 0; i < segments.size() && LogFormat.firstSequenceOf(segments.get(i)) <= fromSequence; i++)
        {
            first = i;
        }
        if (-1 == first)
        {
            throw new JournalException("log does not reach back to sequence " + fromSequence + ": directory="
                + directory);
        }
        final RecordWalk walk = new RecordWalk();
        walk.lastSequence = LogFormat.firstSequenceOf(segments.get(first)) - 1;
        for (int i = first; i < segments.size(); i++)
        {
            final Path segment = segments.get(i);
            final ByteBuffer data = map(segment);
            checkHeader(segment, data, walk.crc, walk.lastSequence, epoch);
            // A replica catches up on every snapshot: checking the CRCs before the range again would cost up to a
            // segment's worth of reading each time, for records that already passed.
            final Stop stop = walk.walk(segment, data, fromSequence, fromSequence, toSequence, handler);
            if (Stop.RANGE_END == stop)
            {
                return;
            }
            if (Stop.SEGMENT_END != stop)
            {
                throw walk.badRecord(epoch);
            }
        }
        throw new JournalException("log ends before sequence " + toSequence + ": directory=" + directory
            + ", lastSequence=" + walk.lastSequence);
    }

    /** Cuts off the torn tail a read found, so that appending continues from the last good record. */
    public static void cutTornTail(final Result result)
    {
        if (null == result.tornFile())
        {
            return;
        }
        try
        {
            cut(result.tornFile(), result.tornOffset());
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot cut torn tail: file=" + result.tornFile(), e);
        }
    }

    /**
     * Cuts a segment durably at an offset. Cut to nothing it is deleted instead: an empty file would pass for a
     * segment whose creation a crash interrupted.
     */
    public static void cut(final Path segment, final long offset) throws IOException
    {
        if (0 == offset)
        {
            Files.delete(segment);
            return;
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE))
        {
            channel.truncate(offset);
            channel.force(true);
        }
    }

    // A segment's header is made durable before any record is written after it (JournalWriter.createSegment). So a
    // segment no longer than its header whose header did not reach the disk whole (zeros, where the file's length got
    // there before its bytes) was cut short by a crash while it was created, and held no record; one with anything
    // after its header had a whole header once, and a bad one now is damage.
    private static boolean createdTorn(final ByteBuffer data, final CRC32C crc)
    {
        if (data.limit() != LogFormat.HEADER_LENGTH)
        {
            return data.limit() < LogFormat.HEADER_LENGTH;
        }
        return !hasMagic(data) || !headerCrcMatches(data, crc);
    }

    private static boolean hasMagic(final ByteBuffer data)
    {
        final byte[] magic = new byte[LogFormat.MAGIC.length];
        data.get(0, magic);
        return Arrays.equals(magic, LogFormat.MAGIC);
    }

    private static boolean headerCrcMatches(final ByteBuffer data, final CRC32C crc)
    {
        return LogFormat.crc(crc, data, 0, LogFormat.HEADER_CRC_OFFSET) == data.getInt(LogFormat.HEADER_CRC_OFFSET);
    }

    // The segment's epoch once its header continues the log: after lastSequence, in the same epoch as the log so far
    // (null before the first segment).
    private static UUID checkHeader(
        final Path segment, final ByteBuffer data, final CRC32C crc, final long lastSequence, final UUID logEpoch)
    {
        if (data.limit() < LogFormat.HEADER_LENGTH)
        {
            throw badHeader("segment shorter than its header: file=" + segment + ", offset=0, bytes=" + data.limit(),
                segment, lastSequence, logEpoch);
        }
        if (!hasMagic(data))
        {
            throw badHeader("not a log segment: file=" + segment + ", offset=0", segment, lastSequence, logEpoch);
        }
        if (!headerCrcMatches(data, crc))
        {
            throw badHeader("bad segment header crc: file=" + segment + ", offset=0", segment, lastSequence, logEpoch);
        }
        final int version = data.getInt(LogFormat.VERSION_OFFSET);
        if (version != LogFormat.VERSION)
        {
            // The header passed its CRC: another version of Bourse wrote it, and cutting it off would lose its records.
            throw new JournalException("unknown log format: file=" + segment + ", version=" + version);
        }
        final long first = data.getLong(LogFormat.FIRST_SEQUENCE_OFFSET);
        if (first != lastSequence + 1
            || first != LogFormat.firstSequenceOf(segment))
        {
            throw badHeader("segment does not continue the log: file=" + segment + ", offset=0, firstSequence="
                + first + ", expected=" + (lastSequence + 1), segment, lastSequence, logEpoch);
        }
        final UUID epoch =
            new UUID(data.getLong(LogFormat.EPOCH_OFFSET), data.getLong(LogFormat.EPOCH_OFFSET + Long.BYTES));
        if (null != logEpoch && !logEpoch.equals(epoch))
        {
            throw badHeader("segment from another epoch: file=" + segment + ", offset=0, epoch=" + epoch
                + ", expected=" + logEpoch, segment, lastSequence, logEpoch);
        }
        return epoch;
    }

    // Damage from the segment's first byte: a cut there keeps the log up to the segment before.
    private static CorruptLogException badHeader(
        final String message, final Path segment, final long lastSequence, final UUID logEpoch)
    {
        return new CorruptLogException(message, segment, 0, lastSequence, logEpoch);
    }

    private static ByteBuffer map(final Path segment)
    {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size > Integer.MAX_VALUE)
            {
                throw new JournalException("segment too large: file=" + segment + ", size=" + size);
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot read log segment: file=" + segment, e);
        }
    }

    // Why a walk over a segment's records stopped.
    private enum Stop
    {
        SEGMENT_END,
        RANGE_END,
        // The record at the walk's offset is cut short, claims too long a payload or fails its CRC.
        BAD_RECORD,
        // The record at the walk's offset is well-formed but not the next in sequence.
        SEQUENCE_GAP
    }

    // The one record loop of both reads, over one mapped segment after another, the sequence carried across them.
    // The mapped buffers are the walk's own, so a CRC may be taken by moving their position and limit instead of
    // through a duplicate, and one CRC32C serves every record: nothing is allocated per record but the payload slice.
    private static final class RecordWalk
    {
        private final CRC32C crc = new CRC32C();
        private Path segment;
        private ByteBuffer data;
        // Where the walk stopped: the start of the failing record when it stopped at one.
        private int offset;
        // The last record walked over: one that passed every check, or, before checkFrom, its length and sequence.
        private long lastSequence;

        // Records before checkFrom are followed by their length and sequence only; records from handFrom are handed
        // over; the walk stops after toSequence without looking at the bytes after it, which may be being written.
        private Stop walk(
            final Path segment, final ByteBuffer data, final long checkFrom, final long handFrom, final long toSequence,
            final RecordHandler handler)
        {
            this.segment = segment;
            this.data = data;
            offset = LogFormat.HEADER_LENGTH;
            while (offset < data.limit())
            {
                final long sequence = lastSequence + 1;
                final int end = recordEnd(offset, sequence >= checkFrom);
                if (end < 0)
                {
                    return Stop.BAD_RECORD;
                }
                if (data.getLong(offset + LogFormat.SEQUENCE_OFFSET) != sequence)
                {
                    return Stop.SEQUENCE_GAP;
                }
                lastSequence = sequence;
                if (sequence >= handFrom)
                {
                    final int payload = offset + LogFormat.RECORD_HEADER_LENGTH;
                    handler.onRecord(sequence, data.getLong(offset + LogFormat.TIMESTAMP_OFFSET),
                        data.slice(payload, end - payload));
                }
                offset = end;
                if (sequence == toSequence)
                {
                    return Stop.RANGE_END;
                }
            }
            return Stop.SEGMENT_END;
        }

        /**
         * Whether a good record follows the bad one at the offset anywhere in the segment: damage inside the log, not
         * a torn tail, which leaves nothing good behind it. Where the bad record says it ends is not enough, as its
         * length is outside its CRC: one flipped bit there, or a zeroed sector over several records, would pass the
         * records after it over. So every offset is tried for a record that continues the log (a later sequence, no
         * later than the bytes left could hold) and passes its CRC. Only on a bad last segment, once per start.
         */
        private boolean goodRecordFollows()
        {
            final int lastStart = data.limit() - LogFormat.RECORD_HEADER_LENGTH;
            final long highest = lastSequence + 1 + (data.limit() - offset) / LogFormat.RECORD_HEADER_LENGTH;
            for (int at = offset + 1; at <= lastStart; at++)
            {
                final long sequence = data.getLong(at + LogFormat.SEQUENCE_OFFSET);
                if (sequence > lastSequence && sequence <= highest && recordEnd(at, true) >= 0)
                {
                    return true;
                }
            }
            return false;
        }

        private CorruptLogException badRecord(final UUID epoch)
        {
            return new CorruptLogException("bad record: file=" + segment + ", offset=" + offset
                + ", expectedSequence=" + (lastSequence + 1), segment, offset, lastSequence, epoch);
        }

        // The end offset of a well-formed record at the given offset, with a good CRC when asked for, or -1.
        private int recordEnd(final int at, final boolean checkCrc)
        {
            if (data.limit() - at < LogFormat.RECORD_HEADER_LENGTH)
            {
                return -1;
            }
            final int length = data.getInt(at + LogFormat.LENGTH_OFFSET);
            if (length < 0 || length > LogFormat.MAX_PAYLOAD
                || data.limit() - at - LogFormat.RECORD_HEADER_LENGTH < length)
            {
                return -1;
            }
            if (checkCrc && LogFormat.crc(crc, data, at + LogFormat.SEQUENCE_OFFSET, 2 * Long.BYTES + length)
                != data.getInt(at + LogFormat.CRC_OFFSET))
            {
                return -1;
            }
            return at + LogFormat.RECORD_HEADER_LENGTH + length;
        }
    }
}
