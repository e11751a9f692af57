package dev.bourse.bench.journal;

import dev.bourse.bench.Directories;
import dev.bourse.bench.MachineInfo;
import dev.bourse.bench.Percentiles;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.gateway.protocol.stabyl.StabylProjection;
import dev.bourse.journal.Journal;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.SnapshotMode;
import dev.bourse.journal.sequencer.CommandCallback;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.Sequencer;
import dev.bourse.journal.sequencer.SequencerConfig;
import dev.bourse.journal.snapshot.SnapshotStore;
import org.HdrHistogram.Histogram;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * How long snapshots hold up acknowledgements with many resting orders, in each {@link SnapshotMode}: a journal whose
 * derived state is the Stabyl projection (what the server keeps) is filled with resting orders, then takes a snapshot
 * every so many commands while one client trades at a steady rate. Each command's delay is measured from the time it
 * was planned to be sent, so a pause shows in full as the delay of the commands queued behind it. The baseline,
 * {@code off}, takes no snapshot while the client trades.
 *
 * <p>Usage: {@code SnapshotPauseBenchmark [restingOrders] [dataParentDir] [off|inline|replica ...]}.
 */
public final class SnapshotPauseBenchmark
{
    private static final LongSupplier CLOCK = () -> System.currentTimeMillis() * 1_000_000;
    private static final int ACCOUNTS = 1_000;
    private static final int RATE = 2_000;
    private static final int SECONDS = 30;
    private static final int SNAPSHOT_EVERY = 5_000;
    private static final long MID = 100_000;

    private SnapshotPauseBenchmark()
    {
    }

    /** Runs each mode named (both by default) on a data directory of its own. */
    public static void main(final String[] args) throws Exception
    {
        final int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final Path parent = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
        final List<String> modes = new ArrayList<>(List.of(args).subList(Math.min(2, args.length), args.length));
        if (modes.isEmpty())
        {
            modes.addAll(List.of("off", "inline", "replica"));
        }
        System.out.println("snapshot pause benchmark " + LocalDate.now() + " " + MachineInfo.describe());
        System.out.printf("%,d resting orders; one client trading %,d commands/s for %d s (fsync), a snapshot due "
            + "every %,d commands%n", orders, RATE, SECONDS, SNAPSHOT_EVERY);
        for (final String mode : modes)
        {
            final Path dir = Files.createTempDirectory(parent, "bourse-snapshot-pause");
            try
            {
                run(mode, orders, dir);
            }
            finally
            {
                Directories.deleteTree(dir);
            }
        }
        System.out.println("load average at the end: " + MachineInfo.loadAverage());
    }

    // mode: off, or a SnapshotMode's name.
    private static void run(final String mode, final int orders, final Path dir) throws Exception
    {
        final boolean off = "off".equals(mode);
        final UUID epoch = Journal.epoch(dir, CLOCK);
        fill(dir, epoch, orders);

        final SnapshotMode snapshotMode = off ? SnapshotMode.INLINE : SnapshotMode.valueOf(mode.toUpperCase(Locale.ROOT));
        final JournalConfig config = new JournalConfig(dir, SequencerConfig.DEFAULT, 256L << 20,
            off ? 0 : SNAPSHOT_EVERY, 0, 2, snapshotMode);
        final StabylProjection projection = new StabylProjection(epoch.toString());
        final Journal journal = Journal.open(config, epoch, projection, projection, System.err::println, CLOCK);
        journal.sequencer().start();
        final long firstProbe = journal.recoveredSequence() + 1;
        final long gcBefore = gcPauseMillis();
        final Histogram delays = probe(journal.sequencer());
        final long gc = gcPauseMillis() - gcBefore;
        final List<Long> taken = new SnapshotStore(dir).snapshots().stream().map(SnapshotStore::sequenceOf)
            .filter(sequence -> sequence >= firstProbe).toList();
        System.gc();
        final long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        journal.close();
        System.out.printf("%s: delay %s; over 10 ms: %,d of %,d; GC pauses %,d ms; heap after a full GC %,d MB; "
            + "newest snapshots written at %s%n", mode,
            Percentiles.line(delays, TimeUnit.MILLISECONDS), delays.getCountBetweenValues(10_000_000, Long.MAX_VALUE),
            delays.getTotalCount(), gc, heapMb, taken);
    }

    // Accounts, then resting orders on both sides of MID, run through a journal that only a clean close snapshots.
    private static void fill(final Path dir, final UUID epoch, final int orders) throws Exception
    {
        final List<Command> commands = new ArrayList<>();
        commands.add(new CreateAsset("USD", 2));
        commands.add(new CreateAsset("B", 0));
        commands.add(new CreateInstrument("B", "USD", 2, 0, 1, 1, 1, 1_000_000, 0, 1, 2, FeeAsset.RECEIVED, 10_000,
            MID, InstrumentStatus.TRADING));
        for (long a = 1; a <= ACCOUNTS; a++)
        {
            commands.add(new CreateAccount(a, StpMode.EXPIRE_TAKER));
            commands.add(new Deposit(a, "USD", 1_000_000_000_000_00L, null));
            commands.add(new Deposit(a, "B", 1_000_000_000L, null));
        }
        for (int i = 0; i < orders; i++)
        {
            final boolean buy = i % 2 == 0;
            final long price = buy ? MID - 1 - i % 5_000 : MID + 1 + i % 5_000;
            commands.add(PlaceOrder.limit(1 + i % ACCOUNTS, "B/USD", buy ? Side.BUY : Side.SELL, price, 1 + i % 100));
        }
        final long start = System.nanoTime();
        final JournalConfig config = new JournalConfig(dir, SequencerConfig.DEFAULT.withPolicy(DurabilityPolicy.NONE),
            256L << 20, 0, 0, 2);
        final StabylProjection projection = new StabylProjection(epoch.toString());
        final Journal journal = Journal.open(config, epoch, projection, projection, System.err::println, CLOCK);
        journal.sequencer().start();
        Submitter.submitAndWait(journal.sequencer(), commands, 1, 4096, null);
        journal.close();
        System.out.printf("filled and closed in %,d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    // One client at a steady rate: a buy at MID, then a sell there that fills it, so the book keeps its size.
    private static Histogram probe(final Sequencer sequencer) throws InterruptedException
    {
        final Histogram delays = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        final int commands = RATE * SECONDS;
        final CountDownLatch done = new CountDownLatch(commands);
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final long period = TimeUnit.SECONDS.toNanos(1) / RATE;
        final long start = System.nanoTime();
        for (int i = 0; i < commands; i++)
        {
            final long planned = start + i * period;
            final long wait = planned - System.nanoTime();
            if (wait > 0)
            {
                LockSupport.parkNanos(wait);
            }
            final boolean buy = i % 2 == 0;
            final Command command = PlaceOrder.limit(1 + i % ACCOUNTS, "B/USD", buy ? Side.BUY : Side.SELL, MID, 1);
            // Only the publisher thread calls back, so the histogram needs no lock.
            final CommandCallback callback = new CommandCallback()
            {
                @Override
                public void onDurable(final long sequence, final EngineEvent.CommandResult result)
                {
                    delays.recordValue(System.nanoTime() - planned);
                    done.countDown();
                }

                @Override
                public void onFailed(final Throwable cause)
                {
                    failed.compareAndSet(null, cause);
                    done.countDown();
                }
            };
            while (!sequencer.trySubmit(command, callback))
            {
                final Throwable stopped = sequencer.failure();
                if (null != stopped)
                {
                    throw new IllegalStateException("the sequencer stopped", stopped);
                }
                LockSupport.parkNanos(50_000);
            }
        }
        done.await();
        if (null != failed.get())
        {
            throw new IllegalStateException("a command failed", failed.get());
        }
        return delays;
    }

    // Time the collectors have stopped the application so far. G1's "G1 Concurrent GC" bean counts its Remark and
    // Cleanup pauses (since JDK 20), so it is summed too; only ZGC's and Shenandoah's "... Cycles" beans time work done
    // beside the application.
    private static long gcPauseMillis()
    {
        long millis = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            if (!gc.getName().endsWith("Cycles"))
            {
                millis += gc.getCollectionTime();
            }
        }
        return millis;
    }
}
