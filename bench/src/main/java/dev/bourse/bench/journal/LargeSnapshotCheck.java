package dev.bourse.bench.journal;

import dev.bourse.bench.MachineInfo;
import dev.bourse.bench.engine.CountingEventSink;
import dev.bourse.engine.Engine;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.event.DiscardingEventSink;
import dev.bourse.journal.snapshot.DerivedState;
import dev.bourse.journal.snapshot.SnapshotStore;
import dev.bourse.journal.snapshot.StateBuffer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A manual check, not a test (its heap and disk are beyond {@code mvn verify}): a snapshot whose derived state passes
 * the 2 GiB of an array is written and loaded back, every byte compared, and the time of each step printed.
 *
 * <p>Usage: {@code java -Xmx10g ... LargeSnapshotCheck [gibibytes, default 3] [dataParentDir]}.
 */
public final class LargeSnapshotCheck
{
    private LargeSnapshotCheck()
    {
    }

    /** Serializes, writes and loads one snapshot of the given size. */
    public static void main(final String[] args) throws Exception
    {
        final long longs = (args.length > 0 ? Long.parseLong(args[0]) : 3) << 30 >> 3;
        final Path parent = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
        System.out.println("large snapshot check " + MachineInfo.describe());
        final Engine engine = new Engine(new CountingEventSink());
        engine.apply(1, 0, new CreateAsset("USD", 2));
        final StateBuffer engineState = new StateBuffer(1 << 16);
        engine.writeState(engineState);
        final Path dir = Files.createTempDirectory(parent, "bourse-large-snapshot");
        final SnapshotStore store = new SnapshotStore(dir);
        final UUID epoch = UUID.randomUUID();

        // Several GiB: removed however the check ends.
        final Path file = dir.resolve(SnapshotStore.fileName(1));
        try
        {
            long start = System.nanoTime();
            StateBuffer derivedState = new StateBuffer(StateBuffer.CHUNK_BYTES);
            new Numbered(longs).writeState(derivedState);
            System.out.printf("serialize %,d bytes in %d chunks: %,d ms%n", derivedState.size(),
                derivedState.chunks().size(), (System.nanoTime() - start) / 1_000_000);
            start = System.nanoTime();
            store.write(epoch, 1, 0, engineState, Numbered.FORMAT, derivedState);
            System.out.printf("write + fsync %,d bytes: %,d ms%n", Files.size(file),
                (System.nanoTime() - start) / 1_000_000);
            derivedState = null;
            System.gc();

            start = System.nanoTime();
            final Numbered read = new Numbered(longs);
            store.load(file, epoch, new CountingEventSink(), read);
            System.out.printf("load (CRC pass, then restore and compare): %,d ms, heap used after %,d MB%n",
                (System.nanoTime() - start) / 1_000_000,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
        finally
        {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir.resolve(file.getFileName() + ".tmp"));
            Files.delete(dir);
        }
    }

    /** A derived state of so many longs, each its own index scrambled; reading checks every one. */
    private record Numbered(long longs) implements DerivedState
    {
        static final String FORMAT = "numbered-1";

        @Override
        public String format()
        {
            return FORMAT;
        }

        @Override
        public void writeState(final DataOutput out) throws IOException
        {
            for (long i = 0; i < longs; i++)
            {
                out.writeLong(i * 0x9E3779B97F4A7C15L);
            }
        }

        @Override
        public void readState(final DataInput in) throws IOException
        {
            for (long i = 0; i < longs; i++)
            {
                if (in.readLong() != i * 0x9E3779B97F4A7C15L)
                {
                    throw new IllegalStateException("wrong long at " + i);
                }
            }
        }

        @Override
        public Replica newReplica()
        {
            // Its state never changes: it is its own copy.
            return new Replica(DiscardingEventSink.INSTANCE, this);
        }
    }
}
