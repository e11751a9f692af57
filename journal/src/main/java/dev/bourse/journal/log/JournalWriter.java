package dev.bourse.journal.log;

import dev.bourse.journal.JournalException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Appends records to the log (layout in {@link LogFormat}). Records are gathered into a batch by {@link #append}
 * and reach the file in one {@link #write}; {@link #force} makes what was written durable. Only the sequencer thread
 * uses a writer. A batch that finds the current segment grown past the segment size starts a new one. After a failure,
 * {@link #cutBack} takes out of the file the records of a batch whose commands are told they did not happen.
 */
public final class JournalWriter implements AutoCloseable
{
    private final Path directory;
    private final UUID epoch;
    private final long segmentBytes;
    private final Opener opener;
    private ByteBuffer batch = ByteBuffer.allocateDirect(1 << 20);
    // A second view of the batch and one checksum, reused for every record: the views the sequencer made per record
    // were a third of what its thread allocated.
    private ByteBuffer crcView = batch.duplicate();
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private Path segment;
    private long segmentSize;
    private long nextSequence;
    // The batch being gathered, or the one last written until the next append starts another (its records stay in the
    // buffer until then): its first record and where it starts in the segment. A failure cuts the log back inside it.
    private long batchFirstSequence;
    private long batchStart;
    private boolean batchWritten;
    // A write stopped part way: what reached the file is unknown, so nothing more is written until a cut.
    private boolean writeFailed;

    /**
     * Opens the log for appending after {@code lastSequence}: continues the last segment, which must end on a
     * record boundary (recovery cuts a torn tail first), or starts the first one.
     *
     * @param directory    the data directory.
     * @param epoch        the log's epoch, written into every segment header.
     * @param lastSequence the sequence of the last record in the log, 0 when empty.
     * @param lastSegment  the segment holding that record, or null when there is none.
     * @param segmentBytes the size past which a new segment is started.
     */
    public JournalWriter(
        final Path directory, final UUID epoch, final long lastSequence, final Path lastSegment,
        final long segmentBytes)
    {
        this(directory, epoch, lastSequence, lastSegment, segmentBytes, FileChannel::open);
    }

    /** As above, with the segments' files opened by {@code opener}: for tests that make the disk fail. */
    public JournalWriter(
        final Path directory, final UUID epoch, final long lastSequence, final Path lastSegment,
        final long segmentBytes, final Opener opener)
    {
        this.directory = directory;
        this.opener = opener;
        this.epoch = epoch;
        this.segmentBytes = segmentBytes;
        this.nextSequence = lastSequence + 1;
        this.batchFirstSequence = nextSequence;
        try
        {
            if (null == lastSegment)
            {
                segment = directory.resolve(LogFormat.segmentName(nextSequence));
                channel = createSegment(segment, nextSequence);
                segmentSize = LogFormat.HEADER_LENGTH;
            }
            else
            {
                segment = lastSegment;
                channel = opener.open(lastSegment, StandardOpenOption.WRITE);
                segmentSize = channel.size();
                channel.position(segmentSize);
            }
            batchStart = segmentSize;
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot open log for appending: directory=" + directory, e);
        }
    }

    /** The sequence number the next appended record must carry. */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * Adds a record to the current batch.
     *
     * @param sequence       must be {@link #nextSequence()}.
     * @param timestampNanos the command's timestamp.
     * @param payload        the encoded command, from its position to its limit; left unchanged.
     */
    public void append(final long sequence, final long timestampNanos, final ByteBuffer payload)
    {
        if (sequence != nextSequence)
        {
            throw new IllegalArgumentException("sequence must be next: expected=" + nextSequence + ", got=" + sequence);
        }
        final int length = payload.remaining();
        if (length > LogFormat.MAX_PAYLOAD)
        {
            throw new IllegalArgumentException("payload too large: length=" + length);
        }
        if (batchWritten)
        {
            startBatch();
        }
        ensureBatchRoom(LogFormat.RECORD_HEADER_LENGTH + length);
        final int start = batch.position();
        batch.putInt(length).putInt(0).putLong(sequence).putLong(timestampNanos);
        batch.put(batch.position(), payload, payload.position(), length).position(batch.position() + length);
        crc.reset();
        crc.update(crcView.clear().position(start + LogFormat.SEQUENCE_OFFSET).limit(batch.position()));
        batch.putInt(start + LogFormat.CRC_OFFSET, (int)crc.getValue());
        nextSequence++;
    }

    /**
     * Writes the batch to the file (not yet durable: see {@link #force}), first starting a new segment if the current
     * one is full: the batch is then whole in the segment still open, where a {@link #cutBack} can reach it.
     */
    public void write()
    {
        if (writeFailed)
        {
            throw new IllegalStateException("a write failed part way: cut the batch back before writing again");
        }
        if (batchWritten || 0 == batch.position())
        {
            return;
        }
        try
        {
            if (segmentSize >= segmentBytes)
            {
                roll();
            }
            batch.flip();
            writeFailed = true;
            while (batch.hasRemaining())
            {
                segmentSize += channel.write(batch);
            }
            writeFailed = false;
            batchWritten = true;
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot write log: segment=" + segment, e);
        }
    }

    /**
     * Cuts the log back so that {@code lastKept} is its last record, and makes the cut durable: the records after it,
     * of the last batch appended, are taken out of the file if they reached it and are never written if they did not.
     * For a batch that failed to be logged, made durable or applied, whose commands from {@code lastKept + 1} on are
     * answered as failed and must not come back at the next start.
     *
     * @param lastKept the last record to keep: from the batch's first record minus one to the last appended.
     */
    public void cutBack(final long lastKept)
    {
        if (lastKept < batchFirstSequence - 1 || lastKept >= nextSequence)
        {
            throw new IllegalArgumentException("can only cut within the last batch: from=" + batchFirstSequence
                + ", to=" + (nextSequence - 1) + ", lastKept=" + lastKept);
        }
        // The batch's records are still in the buffer: the kept ones are found by their lengths.
        int keptBytes = 0;
        for (long sequence = batchFirstSequence; sequence <= lastKept; sequence++)
        {
            keptBytes += LogFormat.RECORD_HEADER_LENGTH + batch.getInt(keptBytes + LogFormat.LENGTH_OFFSET);
        }
        final long end = batchStart + keptBytes;
        nextSequence = lastKept + 1;
        segmentSize = end;
        startBatch();
        // Past the end: records written whole, or the bytes of a write that failed part way, beyond what it counted.
        try
        {
            if (channel.size() > end)
            {
                channel.truncate(end);
                channel.force(true);
            }
            channel.position(end);
            writeFailed = false;
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot cut the log back after a failure: records after sequence " + lastKept
                + " may come back at the next start: segment=" + segment + ", offset=" + end, e);
        }
    }

    /** Makes everything written so far durable: fsync of the segment's data. */
    public void force()
    {
        try
        {
            channel.force(false);
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot fsync log: segment=" + segment, e);
        }
    }

    @Override
    public void close()
    {
        try
        {
            if (!writeFailed)
            {
                write();
            }
            channel.force(false);
            channel.close();
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot close log: segment=" + segment, e);
        }
    }

    // The new segment is made whole and durable before the old one is let go: if it cannot be, the writer stays on the
    // old one, open, and no half-made file is left behind.
    private void roll() throws IOException
    {
        channel.force(false);
        final Path next = directory.resolve(LogFormat.segmentName(batchFirstSequence));
        final FileChannel old = channel;
        channel = createSegment(next, batchFirstSequence);
        segment = next;
        segmentSize = LogFormat.HEADER_LENGTH;
        batchStart = segmentSize;
        try
        {
            old.close();
        }
        catch (final IOException e)
        {
            // Its records are durable and it is never written again: nothing to undo, and no reason to stop.
        }
    }

    private FileChannel createSegment(final Path path, final long firstSequence) throws IOException
    {
        final FileChannel created = opener.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try
        {
            final ByteBuffer header = ByteBuffer.allocate(LogFormat.HEADER_LENGTH);
            header.put(LogFormat.MAGIC).putInt(LogFormat.VERSION)
                .putLong(epoch.getMostSignificantBits()).putLong(epoch.getLeastSignificantBits())
                .putLong(firstSequence);
            header.putInt(LogFormat.crc(header, 0, LogFormat.HEADER_CRC_OFFSET));
            header.flip();
            while (header.hasRemaining())
            {
                created.write(header);
            }
            created.force(false);
            // A new file is durable only once its directory entry is.
            try (FileChannel dir = opener.open(directory, StandardOpenOption.READ))
            {
                dir.force(true);
            }
            return created;
        }
        catch (final IOException | RuntimeException e)
        {
            try
            {
                created.close();
            }
            catch (final IOException suppressed)
            {
                e.addSuppressed(suppressed);
            }
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final IOException suppressed)
            {
                e.addSuppressed(suppressed);
            }
            throw new IOException("cannot start segment: segment=" + path, e);
        }
    }

    private void startBatch()
    {
        batch.clear();
        batchWritten = false;
        batchFirstSequence = nextSequence;
        batchStart = segmentSize;
    }

    private void ensureBatchRoom(final int bytes)
    {
        if (batch.remaining() < bytes)
        {
            final ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(batch.capacity() * 2, batch.position() + bytes));
            batch.flip();
            bigger.put(batch);
            batch = bigger;
            crcView = batch.duplicate();
        }
    }

    /** Opens a segment's file, or the data directory to sync a new one's entry; {@code FileChannel::open} but in tests. */
    @FunctionalInterface
    public interface Opener
    {
        /** Opens {@code path} with {@code options}, as {@link FileChannel#open(Path, OpenOption...)} does. */
        FileChannel open(Path path, OpenOption... options) throws IOException;
    }
}
