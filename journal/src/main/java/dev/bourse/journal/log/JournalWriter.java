package dev.bourse.journal.log;

import dev.bourse.journal.JournalException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Appends records to the log (layout in {@link LogFormat}). Records are gathered into a batch by {@link #append}
 * and reach the file in one {@link #write}; {@link #force} makes what was written durable. Only the sequencer thread
 * uses a writer. A new segment starts at a batch boundary once the current one has grown past the segment size.
 */
public final class JournalWriter implements AutoCloseable
{
    private final Path directory;
    private final UUID epoch;
    private final long segmentBytes;
    private ByteBuffer batch = ByteBuffer.allocateDirect(1 << 20);
    // A second view of the batch and one checksum, reused for every record: the views the sequencer made per record
    // were a third of what its thread allocated.
    private ByteBuffer crcView = batch.duplicate();
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private Path segment;
    private long segmentSize;
    private long nextSequence;
    private long unwrittenFrom;

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
        this.directory = directory;
        this.epoch = epoch;
        this.segmentBytes = segmentBytes;
        this.nextSequence = lastSequence + 1;
        this.unwrittenFrom = nextSequence;
        try
        {
            if (null == lastSegment)
            {
                startSegment();
            }
            else
            {
                segment = lastSegment;
                channel = FileChannel.open(lastSegment, StandardOpenOption.WRITE);
                segmentSize = channel.size();
                channel.position(segmentSize);
            }
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
        ensureBatchRoom(LogFormat.RECORD_HEADER_LENGTH + length);
        final int start = batch.position();
        batch.putInt(length).putInt(0).putLong(sequence).putLong(timestampNanos);
        batch.put(batch.position(), payload, payload.position(), length).position(batch.position() + length);
        crc.reset();
        crc.update(crcView.clear().position(start + LogFormat.SEQUENCE_OFFSET).limit(batch.position()));
        batch.putInt(start + LogFormat.CRC_OFFSET, (int)crc.getValue());
        nextSequence++;
    }

    /** Writes the batch to the file (not yet durable: see {@link #force}); starts a new segment if due. */
    public void write()
    {
        try
        {
            batch.flip();
            while (batch.hasRemaining())
            {
                segmentSize += channel.write(batch);
            }
            batch.clear();
            unwrittenFrom = nextSequence;
            if (segmentSize >= segmentBytes)
            {
                channel.force(false);
                channel.close();
                startSegment();
            }
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot write log: segment=" + segment, e);
        }
    }

    /**
     * Forgets the records appended since the last {@link #write}, which then never reach the file, not even at
     * {@link #close}: for a batch whose commands are answered as failed.
     */
    public void dropUnwritten()
    {
        batch.clear();
        nextSequence = unwrittenFrom;
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
            if (batch.position() > 0)
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

    private void startSegment() throws IOException
    {
        segment = directory.resolve(LogFormat.segmentName(nextSequence));
        channel = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        final ByteBuffer header = ByteBuffer.allocate(LogFormat.HEADER_LENGTH);
        header.put(LogFormat.MAGIC).putInt(LogFormat.VERSION)
            .putLong(epoch.getMostSignificantBits()).putLong(epoch.getLeastSignificantBits())
            .putLong(nextSequence);
        header.putInt(LogFormat.crc(header, 0, LogFormat.HEADER_CRC_OFFSET));
        header.flip();
        while (header.hasRemaining())
        {
            channel.write(header);
        }
        channel.force(false);
        segmentSize = LogFormat.HEADER_LENGTH;
        // A new file is durable only once its directory entry is.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
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
}
