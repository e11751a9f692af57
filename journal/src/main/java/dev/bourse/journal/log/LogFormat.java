package dev.bourse.journal.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The layout of log segment files. All numbers are big-endian.
 *
 * <pre>
 * segment file "log-&lt;first sequence, 20 digits&gt;.seg":
 *   0   8 bytes  magic "BOURSLOG"
 *   8   int      format version (1)
 *   12  long     epoch UUID, most significant bits
 *   20  long     epoch UUID, least significant bits
 *   28  long     sequence of the first record in the segment
 *   36  int      CRC32C of bytes 0..35
 *   40  records, back to back, until the end of the file
 *
 * record:
 *   0   int      payload length n (0 &lt;= n &lt;= MAX_PAYLOAD)
 *   4   int      CRC32C of bytes 8..(24 + n - 1): sequence, timestamp and payload
 *   8   long     sequence number
 *   16  long     timestamp, nanoseconds since the epoch
 *   24  n bytes  payload: one encoded command
 * </pre>
 */
public final class LogFormat
{
    /** The segment file's first eight bytes. */
    public static final byte[] MAGIC = {'B', 'O', 'U', 'R', 'S', 'L', 'O', 'G'};
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    static final int VERSION_OFFSET = MAGIC.length;
    static final int EPOCH_OFFSET = VERSION_OFFSET + Integer.BYTES;
    static final int FIRST_SEQUENCE_OFFSET = EPOCH_OFFSET + 2 * Long.BYTES;
    static final int HEADER_CRC_OFFSET = FIRST_SEQUENCE_OFFSET + Long.BYTES;
    /** Bytes in a segment header. */
    public static final int HEADER_LENGTH = HEADER_CRC_OFFSET + Integer.BYTES;

    static final int LENGTH_OFFSET = 0;
    static final int CRC_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    static final int SEQUENCE_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int TIMESTAMP_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    /** Bytes in a record before its payload. */
    public static final int RECORD_HEADER_LENGTH = TIMESTAMP_OFFSET + Long.BYTES;
    /** The largest payload a record may carry. */
    public static final int MAX_PAYLOAD = 1 << 20;

    private LogFormat()
    {
    }

    /** The file name of the segment whose first record has this sequence number. */
    public static String segmentName(final long firstSequence)
    {
        return String.format("log-%020d.seg", firstSequence);
    }

    /** The first sequence number in a segment file's name, or -1 if the name is not a segment's. */
    public static long firstSequenceOf(final Path segment)
    {
        return firstSequenceOf(segment.getFileName().toString());
    }

    /** The first sequence number in a segment's name, or -1 if the name is not a segment's. */
    public static long firstSequenceOf(final String fileName)
    {
        if (!fileName.startsWith("log-") || !fileName.endsWith(".seg") || fileName.length() != 28)
        {
            return -1;
        }
        try
        {
            return Long.parseLong(fileName.substring(4, 24));
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }

    /** CRC32C of {@code length} bytes of the buffer from {@code offset}, leaving its position alone. */
    static int crc(final ByteBuffer buffer, final int offset, final int length)
    {
        return crc(new CRC32C(), buffer.duplicate(), offset, length);
    }

    /**
     * CRC32C of {@code length} bytes of the buffer from {@code offset}, with a CRC32C reused for every record read.
     * The buffer's position and limit are moved while it is read and put back after, so it must be one that nothing
     * else uses meanwhile.
     */
    static int crc(final CRC32C crc, final ByteBuffer buffer, final int offset, final int length)
    {
        final int position = buffer.position();
        final int limit = buffer.limit();
        try
        {
            crc.reset();
            crc.update(buffer.limit(offset + length).position(offset));
            return (int)crc.getValue();
        }
        finally
        {
            buffer.limit(limit).position(position);
        }
    }
}
