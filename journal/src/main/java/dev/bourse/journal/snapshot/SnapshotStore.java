package dev.bourse.journal.snapshot;

import dev.bourse.engine.Engine;
import dev.bourse.engine.event.EventSink;
import dev.bourse.journal.Directories;
import dev.bourse.journal.JournalException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
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
 * snapshot that fails a check is passed over for the next older one, never trusted. Loading streams the file twice,
 * the CRC first, so that nothing is restored from a damaged file, and a snapshot may be larger than an array.
 *
 * <pre>
 * file "snapshot-&lt;sequence, 20 digits&gt;.snap", format version 3:
 *   0   8 bytes  magic "BOURSNAP"
 *   8   int      format version (3)
 *   12  16 bytes epoch UUID
 *   28  long     sequence of the last command included
 *   36  long     that command's timestamp
 *   44  32 bytes SHA-256 of the state bytes (the engine's state hash)
 *   76  long     state length n
 *   84  n bytes  the engine state, as Engine.writeState writes it
 *   84+n         the derived state's format name (DataOutput.writeUTF: 2-byte length, modified UTF-8)
 *   ...  long    derived state length m, then m bytes as DerivedState.writeState wrote them
 *   end-4 int    CRC32C of every byte before it
 * </pre>
 * Version 2, still read so that a data directory keeps its snapshots across the upgrade, differs only in its lengths:
 * an int at 76 (so the state starts at 80) and an int before the derived state.
 */
public final class SnapshotStore
{
    private static final byte[] MAGIC = {'B', 'O', 'U', 'R', 'S', 'N', 'A', 'P'};
    private static final int VERSION = 3;
    private static final int HEADER_LENGTH = 84;
    private static final int VERSION_2 = 2;
    private static final int VERSION_2_HEADER_LENGTH = 80;
    // Magic, version and epoch: enough to refuse a snapshot of another log.
    private static final int EPOCH_END = 28;
    private static final int READ_BUFFER_BYTES = 1 << 20;

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
     * Writes a snapshot with nothing derived durably.
     *
     * @param epoch          the log's epoch.
     * @param sequence       the last command included.
     * @param timestampNanos that command's timestamp.
     * @param state          the bytes {@code Engine.writeState} produced at that sequence.
     * @return the snapshot file.
     */
    public Path write(final UUID epoch, final long sequence, final long timestampNanos, final byte[] state)
    {
        return write(epoch, sequence, timestampNanos, List.of(ByteBuffer.wrap(state)), DerivedState.NONE.format(),
            List.of());
    }

    /**
     * As {@link #write(UUID, long, long, byte[])}, with the derived state and its format name; safe to call off the
     * engine thread, since the states are already in bytes.
     */
    public Path write(
        final UUID epoch, final long sequence, final long timestampNanos, final StateBuffer state,
        final String derivedFormat, final StateBuffer derived)
    {
        return write(epoch, sequence, timestampNanos, state.chunks(), derivedFormat, derived.chunks());
    }

    private Path write(
        final UUID epoch, final long sequence, final long timestampNanos, final List<ByteBuffer> state,
        final String derivedFormat, final List<ByteBuffer> derived)
    {
        final MessageDigest sha256 = sha256();
        state.forEach(chunk -> sha256.update(chunk.duplicate()));
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        header.put(MAGIC).putInt(VERSION).putLong(epoch.getMostSignificantBits())
            .putLong(epoch.getLeastSignificantBits()).putLong(sequence).putLong(timestampNanos)
            .put(sha256.digest()).putLong(length(state)).flip();
        final List<ByteBuffer> buffers = new ArrayList<>();
        buffers.add(header);
        buffers.addAll(state);
        buffers.add(ByteBuffer.wrap(derivedFormatBytes(derivedFormat, length(derived))));
        buffers.addAll(derived);
        final CRC32C crc = new CRC32C();
        buffers.forEach(buffer -> crc.update(buffer.duplicate()));
        buffers.add(ByteBuffer.allocate(Integer.BYTES).putInt((int)crc.getValue()).flip());
        final Path target = directory.resolve(fileName(sequence));
        final Path temporary = directory.resolve(fileName(sequence) + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                // One buffer at a time: a gathering write copies every heap buffer it is given into direct memory at
                // once, which for a state of gigabytes is as much again outside the heap.
                for (final ByteBuffer buffer : buffers)
                {
                    while (buffer.hasRemaining())
                    {
                        channel.write(buffer);
                    }
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Directories.force(directory);
            return target;
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot write snapshot: file=" + target, e);
        }
    }

    private static long length(final List<ByteBuffer> chunks)
    {
        long length = 0;
        for (final ByteBuffer chunk : chunks)
        {
            length += chunk.remaining();
        }
        return length;
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
        try
        {
            final long size = checkHeaderAndCrc(file, epoch);
            try (SnapshotInput bytes = new SnapshotInput(
                new BufferedInputStream(Files.newInputStream(file), READ_BUFFER_BYTES)))
            {
                return restore(file, size, bytes, sink, derived);
            }
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

    // The first pass: a snapshot of another epoch or version is refused from its header alone, before the whole file
    // (perhaps gigabytes) goes through the CRC, a buffer at a time; answers the file's size.
    private static long checkHeaderAndCrc(final Path file, final UUID epoch) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < VERSION_2_HEADER_LENGTH + Integer.BYTES)
            {
                throw new JournalException("not a snapshot: file=" + file);
            }
            final ByteBuffer header = ByteBuffer.wrap(readFully(channel, ByteBuffer.allocate(EPOCH_END), 0));
            if (!Arrays.equals(Arrays.copyOf(header.array(), MAGIC.length), MAGIC))
            {
                throw new JournalException("not a snapshot: file=" + file);
            }
            final int version = header.getInt(MAGIC.length);
            final UUID fileEpoch = new UUID(header.getLong(MAGIC.length + 4), header.getLong(MAGIC.length + 12));
            if ((VERSION != version && VERSION_2 != version) || !fileEpoch.equals(epoch))
            {
                throw new JournalException("snapshot does not fit this log: file=" + file + ", version=" + version
                    + ", epoch=" + fileEpoch + ", expected=" + epoch);
            }
            final CRC32C crc = new CRC32C();
            final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
            final long covered = size - Integer.BYTES;
            for (long position = 0; position < covered; position += buffer.limit())
            {
                buffer.clear().limit((int)Math.min(buffer.capacity(), covered - position));
                readFully(channel, buffer, position);
                crc.update(buffer.flip());
            }
            final ByteBuffer trailer = ByteBuffer.allocate(Integer.BYTES);
            if ((int)crc.getValue() != ByteBuffer.wrap(readFully(channel, trailer, covered)).getInt())
            {
                throw new JournalException("bad snapshot crc: file=" + file);
            }
            return size;
        }
    }

    // Fills the buffer from the file at this position; answers its array.
    private static byte[] readFully(final FileChannel channel, final ByteBuffer buffer, final long position)
        throws IOException
    {
        while (buffer.hasRemaining())
        {
            if (channel.read(buffer, position + buffer.position()) < 0)
            {
                throw new EOFException("snapshot ended early");
            }
        }
        return buffer.array();
    }

    // The second pass, over a file whose CRC is good: the header, the engine's state, checked against its hash, and
    // only then the derived state.
    private static Loaded restore(
        final Path file, final long size, final SnapshotInput bytes, final EventSink sink, final DerivedState derived)
        throws IOException
    {
        // Nothing is read from the CRC trailer.
        bytes.limit(size - Integer.BYTES);
        final DataInputStream in = new DataInputStream(bytes);
        in.skipNBytes(MAGIC.length);
        final int version = in.readInt();
        // Version and epoch were checked with the CRC.
        in.skipNBytes(EPOCH_END - MAGIC.length - Integer.BYTES);
        final long sequence = in.readLong();
        final long timestamp = in.readLong();
        final byte[] hash = in.readNBytes(32);
        final long length = readLength(in, version);
        if (length < 0 || length > size - Integer.BYTES - bytes.position())
        {
            throw new JournalException("snapshot length mismatch: file=" + file + ", length=" + length);
        }
        final long stateEnd = bytes.position() + length;
        bytes.limit(stateEnd);
        final Engine engine = Engine.restore(in, sink);
        if (bytes.position() != stateEnd || !Arrays.equals(engine.stateHash(), hash)
            || engine.lastSequence() != sequence)
        {
            throw new JournalException("snapshot state hash mismatch: file=" + file + ", sequence=" + sequence);
        }
        bytes.limit(size - Integer.BYTES);
        final String format = in.readUTF();
        if (!derived.reads(format))
        {
            throw new JournalException("snapshot holds other derived state: file=" + file + ", format=" + format
                + ", expected=" + derived.format());
        }
        final long derivedLength = readLength(in, version);
        if (derivedLength != size - Integer.BYTES - bytes.position())
        {
            throw new JournalException("snapshot length mismatch: file=" + file + ", derivedLength="
                + derivedLength);
        }
        derived.readState(in, format);
        if (bytes.position() != size - Integer.BYTES)
        {
            throw new JournalException("snapshot derived state not read to its end: file=" + file + ", format="
                + format);
        }
        return new Loaded(file, sequence, timestamp, engine);
    }

    // A length is a long since version 3, an int before.
    private static long readLength(final DataInputStream in, final int version) throws IOException
    {
        return VERSION_2 == version ? in.readInt() : in.readLong();
    }

    private static byte[] derivedFormatBytes(final String format, final long derivedLength)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeUTF(format);
            out.writeLong(derivedLength);
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
