package dev.bourse.bench.journal;

import dev.bourse.bench.MachineInfo;
import dev.bourse.bench.engine.CountingEventSink;
import dev.bourse.engine.Engine;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.gateway.protocol.stabyl.StabylProjection;
import dev.bourse.journal.snapshot.DerivedState;
import dev.bourse.journal.snapshot.SnapshotStore;
import dev.bourse.journal.snapshot.StateBuffer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;

/**
 * How long a snapshot holds up acknowledgements with many resting orders: the time to serialize the engine's state
 * (on the sequencer thread) and then to take what the Stabyl gateway derived from its events (on the publisher
 * thread), which is all those threads do for it; writing the projection's state out and the file (and loading it
 * back) happen on other threads and are reported for reference.
 *
 * <p>Usage: {@code SnapshotPauseBenchmark [restingOrders] [dataParentDir]}.
 */
public final class SnapshotPauseBenchmark
{
    private SnapshotPauseBenchmark()
    {
    }

    /** Builds a book of the given size, then times serialization, file write and load five times each. */
    public static void main(final String[] args) throws Exception
    {
        final int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final Path parent = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
        System.out.println("snapshot pause benchmark " + LocalDate.now() + " " + MachineInfo.describe());
        final StabylProjection projection = new StabylProjection("bench");
        final Engine engine = new Engine(projection);
        long sequence = 0;
        engine.apply(++sequence, 0, new CreateAsset("USD", 2));
        engine.apply(++sequence, 0, new CreateAsset("B", 0));
        engine.apply(++sequence, 0, new CreateInstrument("B", "USD", 2, 0, 1, 1, 1, 1_000_000, 0, 1, 2,
            FeeAsset.RECEIVED, 10_000, 100_000, InstrumentStatus.TRADING));
        final int accounts = 1_000;
        for (long a = 1; a <= accounts; a++)
        {
            engine.apply(++sequence, 0, new CreateAccount(a, StpMode.EXPIRE_TAKER));
            engine.apply(++sequence, 0, new Deposit(a, "USD", 1_000_000_000_000_00L, null));
            engine.apply(++sequence, 0, new Deposit(a, "B", 1_000_000_000L, null));
        }
        for (int i = 0; i < orders; i++)
        {
            final boolean buy = i % 2 == 0;
            final long price = buy ? 99_999 - i % 5_000 : 100_001 + i % 5_000;
            engine.apply(++sequence, 0, PlaceOrder.limit(1 + i % accounts, "B/USD", buy ? Side.BUY : Side.SELL,
                price, 1 + i % 100));
        }
        System.out.printf("resting orders: %,d%n", engine.openOrderCount());
        final Path dir = Files.createTempDirectory(parent, "bourse-snapshot-bench");
        final SnapshotStore store = new SnapshotStore(dir);
        final UUID epoch = UUID.randomUUID();
        long lastSize = 0;
        long lastDerivedSize = 0;
        Path file = null;
        for (int round = 1; round <= 5; round++)
        {
            final long gcBefore = gcPauseMillis();
            long start = System.nanoTime();
            // As Journal does: lock-free buffers, their first chunks sized from the last snapshot, no final copy.
            final StateBuffer bytes = new StateBuffer(lastSize + lastSize / 8 + (1 << 16));
            engine.writeState(bytes);
            final long enginePause = System.nanoTime() - start;
            start = System.nanoTime();
            final DerivedState.Capture captured = projection.capture();
            final long derivedPause = System.nanoTime() - start;
            final long gc = gcPauseMillis() - gcBefore;
            start = System.nanoTime();
            final StateBuffer derived = new StateBuffer(lastDerivedSize + lastDerivedSize / 8 + (1 << 16));
            captured.writeTo(derived);
            final long derivedWrite = System.nanoTime() - start;
            lastSize = bytes.size();
            lastDerivedSize = derived.size();
            start = System.nanoTime();
            if (null != file)
            {
                Files.delete(file);
            }
            file = store.write(epoch, engine.lastSequence(), 0, bytes, projection.format(), derived);
            final long write = System.nanoTime() - start;
            System.out.printf("round %d: pause %,d ms (engine %,d ms, %,d MB; Stabyl projection taken %,d ms; of which"
                + " GC pauses %,d ms); projection written out %,d ms, %,d MB, and file write+fsync %,d ms, on other"
                + " threads%n", round, (enginePause + derivedPause) / 1_000_000, enginePause / 1_000_000,
                lastSize >> 20, derivedPause / 1_000_000, gc, derivedWrite / 1_000_000, lastDerivedSize >> 20,
                write / 1_000_000);
        }
        final long start = System.nanoTime();
        store.load(file, epoch, new CountingEventSink(), new StabylProjection("bench"));
        System.out.printf("load + state hash check: %,d ms%n", (System.nanoTime() - start) / 1_000_000);
        Files.delete(file);
        Files.delete(dir);
        System.out.println("load average at the end: " + MachineInfo.loadAverage());
    }

    // Time the collectors that stop the application have taken so far; G1's concurrent cycles run beside it.
    private static long gcPauseMillis()
    {
        long millis = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            if (!gc.getName().contains("Concurrent"))
            {
                millis += gc.getCollectionTime();
            }
        }
        return millis;
    }
}
