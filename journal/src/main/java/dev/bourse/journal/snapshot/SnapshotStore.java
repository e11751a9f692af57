package dev.bourse.journal.snapshot;

import dev.bourse.engine.Engine;
import dev.bourse.engine.event.EventSink;
import dev.bourse.journal.JournalException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Writes and loads snapshots in the data directory. A snapshot is written to a temporary file, fsynced and renamed,
 * so a crash leaves either the whole snapshot or none. Loading checks the CRC, the epoch and the state hash; a
 * snapshot that fails a check is passed over for the next older one, never trusted.
 *
 * <pre>
 * file "snapshot-&lt;sequence, 20 digits&gt;.snap":
 *   0   8 bytes  magic "BOURSNAP"
 *   8   int      format version (2)
 *   12  16 bytes epoch UUID
 *   28  long     sequence of the last command included
 *   36  long     that command's timestamp
 *   44  32 bytes SHA-256 of the state bytes (the engine's state hash)
 *   76  int      state length n
 *   80  n bytes  the engine state, as Engine.writeState writes it
 *   80+n         the derived state's format name (DataOutput.writeUTF: 2-byte length, modified UTF-8)
 *   ...  int     derived state length m, then m bytes as DerivedState.writeState wrote them
 *   end-4 int    CRC32C of every byte before it
 * </pre>
 */
public final class SnapshotStore
{
    private static final byte[] MAGIC = {'B', 'O', 'U', 'R', 'S', 'N', 'A', 'P'};
    private static final int VERSION = 2;
    private static final int HEADER_LENGTH = 80;

    private final Path directory;

    /** Snapshots in this data directory. */
    public SnapshotStore(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * A loaded snapshot.
     *
     * @param file           where it was read from.
     * @param sequence       the last command it includes.
     * @param timestampNanos that command's timestamp.
     * @param engine         an engine in exactly that state.
     */
    public record Loaded(Path file, long sequence, long timestampNanos, Engine engine)
    {
    }

    /** The file name of the snapshot at this sequence. */
    public static String fileName(final long sequence)
    {
        return String.format("snapshot-%020d.snap", sequence);
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Writes a snapshot durably; safe to call off the engine thread, since the state is already in bytes.
     *
     * @param epoch          the log's epoch.
     * @param sequence       the last command included.
     * @param timestampNanos that command's timestamp.
     * @param state          the bytes {@code Engine.writeState} produced at that sequence.
     * @return the snapshot file.
     */
    public Path write(final UUID epoch, final long sequence, final long timestampNanos, final byte[] state)
    {
        return write(epoch, sequence, timestampNanos, state, state.length);
    }

    /** As {@link #write(UUID, long, long, byte[])}, for the first {@code length} bytes of {@code state}. */
    public Path write(
        final UUID epoch, final long sequence, final long timestampNanos, final byte[] state, final int length)
    {
        return write(epoch, sequence, timestampNanos, state, length, DerivedState.NONE.format(), new byte[0], 0);
    }

    /**
     * As {@link #write(UUID, long, long, byte[], int)}, with the derived state: its format name and the first
     * {@code derivedLength} bytes of {@code derived}.
     */
    public Path write(
        final UUID epoch, final long sequence, final long timestampNanos, final byte[] state, final int length,
        final String derivedFormat, final byte[] derived, final int derivedLength)
    {
        final byte[] formatBytes = derivedFormatBytes(derivedFormat, derivedLength);
        final MessageDigest sha256 = sha256();
        sha256.update(state, 0, length);
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        header.put(MAGIC).putInt(VERSION).putLong(epoch.getMostSignificantBits())
            .putLong(epoch.getLeastSignificantBits()).putLong(sequence).putLong(timestampNanos)
            .put(sha256.digest()).putInt(length);
        final CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER_LENGTH);
        crc.update(state, 0, length);
        crc.update(formatBytes);
        crc.update(derived, 0, derivedLength);
        final ByteBuffer trailer = ByteBuffer.allocate(Integer.BYTES).putInt((int)crc.getValue());
        header.flip();
        trailer.flip();
        final ByteBuffer[] buffers = {header, ByteBuffer.wrap(state, 0, length), ByteBuffer.wrap(formatBytes),
            ByteBuffer.wrap(derived, 0, derivedLength), trailer};
        final Path target = directory.resolve(fileName(sequence));
        final Path temporary = directory.resolve(fileName(sequence) + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                while (trailer.hasRemaining())
                {
                    channel.write(buffers);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
            {
                dir.force(true);
            }
            return target;
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot write snapshot: file=" + target, e);
        }
    }

    /** Deletes the temporary files of snapshot writes a crash interrupted, and returns them. */
    public List<Path> deleteUnfinished()
    {
        try (Stream<Path> files = Files.list(directory))
        {
            final List<Path> unfinished = files
                .filter(p -> p.getFileName().toString().startsWith("snapshot-"))
                .filter(p -> p.getFileName().toString().endsWith(".snap.tmp")).toList();
            for (final Path file : unfinished)
            {
                Files.deleteIfExists(file);
            }
            return unfinished;
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot delete unfinished snapshots: directory=" + directory, e);
        }
    }

    /** Snapshot files, newest first; leftovers of interrupted writes are not listed. */
    public List<Path> snapshots()
    {
        try (Stream<Path> files = Files.list(directory))
        {
            final List<Path> list = new ArrayList<>(files.filter(p -> sequenceOf(p) >= 0).toList());
            list.sort((a, b) -> Long.compare(sequenceOf(b), sequenceOf(a)));
            return list;
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot list snapshots: directory=" + directory, e);
        }
    }

    /**
     * Loads the newest snapshot that passes every check, or returns null when there is none.
     *
     * @param epoch    the log's epoch; a snapshot of another epoch is refused.
     * @param sink     the sink of the loaded engine.
     * @param derived  reads the derived state saved beside the engine's.
     * @param rejected receives a one-line reason for each snapshot passed over.
     */
    public Loaded loadNewest(
        final UUID epoch, final EventSink sink, final DerivedState derived, final List<String> rejected)
    {
        for (final Path file : snapshots())
        {
            try
            {
                return load(file, epoch, sink, derived);
            }
            catch (final JournalException e)
            {
                rejected.add(e.getMessage());
            }
        }
        return null;
    }

    /** Loads one snapshot, checking CRC, epoch and state hash. */
    public Loaded load(final Path file, final UUID epoch, final EventSink sink, final DerivedState derived)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot read snapshot: file=" + file, e);
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_LENGTH + Integer.BYTES
            || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC))
        {
            throw new JournalException("not a snapshot: file=" + file);
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - Integer.BYTES);
        if ((int)crc.getValue() != buffer.getInt(bytes.length - Integer.BYTES))
        {
            throw new JournalException("bad snapshot crc: file=" + file);
        }
        final int version = buffer.getInt(MAGIC.length);
        final UUID fileEpoch = new UUID(buffer.getLong(12), buffer.getLong(20));
        if (version != VERSION || !fileEpoch.equals(epoch))
        {
            throw new JournalException("snapshot does not fit this log: file=" + file + ", version=" + version
                + ", epoch=" + fileEpoch + ", expected=" + epoch);
        }
        final long sequence = buffer.getLong(28);
        final long timestamp = buffer.getLong(36);
        final byte[] hash = Arrays.copyOfRange(bytes, 44, 76);
        final int length = buffer.getInt(76);
        if (length < 0 || length > bytes.length - HEADER_LENGTH - Integer.BYTES)
        {
            throw new JournalException("snapshot length mismatch: file=" + file + ", length=" + length);
        }
        try
        {
            final Engine engine = Engine.restore(
                new DataInputStream(new ByteArrayInputStream(bytes, HEADER_LENGTH, length)), sink);
            if (!Arrays.equals(engine.stateHash(), hash) || engine.lastSequence() != sequence)
            {
                throw new JournalException("snapshot state hash mismatch: file=" + file + ", sequence=" + sequence);
            }
            final int derivedStart = HEADER_LENGTH + length;
            final DataInputStream in = new DataInputStream(
                new ByteArrayInputStream(bytes, derivedStart, bytes.length - Integer.BYTES - derivedStart));
            final String format = in.readUTF();
            if (!derived.reads(format))
            {
                throw new JournalException("snapshot holds other derived state: file=" + file + ", format=" + format
                    + ", expected=" + derived.format());
            }
            final int derivedLength = in.readInt();
            if (derivedLength != in.available())
            {
                throw new JournalException("snapshot length mismatch: file=" + file + ", derivedLength="
                    + derivedLength);
            }
            derived.readState(in, format);
            return new Loaded(file, sequence, timestamp, engine);
        }
        catch (final IOException | RuntimeException e)
        {
            if (e instanceof JournalException je)
            {
                throw je;
            }
            throw new JournalException("cannot restore snapshot: file=" + file + ", error=" + e, e);
        }
    }

    private static byte[] derivedFormatBytes(final String format, final int derivedLength)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeUTF(format);
            out.writeInt(derivedLength);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The sequence in a snapshot file's name, or -1 if the name is not a snapshot's. */
    public static long sequenceOf(final Path path)
    {
        final String name = path.getFileName().toString();
        if (!name.startsWith("snapshot-") || !name.endsWith(".snap") || name.length() != 34)
        {
            return -1;
        }
        try
        {
            return Long.parseLong(name.substring(9, 29));
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }
}
