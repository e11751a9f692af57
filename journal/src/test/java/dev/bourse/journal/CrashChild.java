package dev.bourse.journal;

import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.Withdraw;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.DiscardingEventSink;
import dev.bourse.engine.event.ForwardingEventSink;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;
import dev.bourse.journal.sequencer.CommandCallback;
import dev.bourse.journal.sequencer.SequencerConfig;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link JournalCrashTest} kills: a journal on a data directory, fed commands as text lines on stdin,
 * acknowledging each on stdout only once the sequencer reports it durable. Not a test itself.
 *
 * <p>Arguments: {@code <dataDir> <snapshotEveryCommands (0: never)> <snapshotsKept> <lifetimeMillis> <maxBatch>
 * <snapshotMode>}; the sequencer runs {@link SequencerConfig#DEFAULT} (policy FSYNC), with batches capped at {@code maxBatch} when that is
 * smaller than the default's (small batches mean many fsyncs and, with a small snapshot interval, a snapshot after
 * almost every batch). It prints {@code RECOVERING} just before it opens the journal, {@code REPLAYED <n>} after every
 * {@value #PROGRESS_EVERY} commands the recovery replays (so that the test can kill it at a known point of the replay),
 * and after recovery {@code READY <recoveredSequence> <epoch> <replayedCommands> <recoveryMillis>}. Input lines, each
 * answered (once durable) by
 * {@code ACK <key> <sequence> <outcome> <reason|-> <replayed>}, or {@code FAILED <key> <cause>}:
 * <pre>
 * SETUP n                      assets USD and NGN, instrument USD/NGN, funded accounts 1..n;
 *                              acknowledged as keys setup-0, setup-1, ... (they carry no idempotency key)
 * D account asset amount key   Deposit with idempotency key
 * W account asset amount key   Withdraw with idempotency key
 * O account B|S price qty key  GTC limit PlaceOrder on USD/NGN with idempotency key
 * X account orderId key        CancelOrder by id with idempotency key
 * CLOSE                        closes the journal cleanly, prints CLOSED lastAckedSequence, exits 0
 * </pre>
 * End of input means the test is gone: the process halts. It also halts on its own after its lifetime, so that an
 * orphan never outlives a broken build.
 */
public final class CrashChild
{
    /** The instrument every order trades. */
    static final String SYMBOL = "USD/NGN";
    /** Replayed commands between two {@code REPLAYED} lines. */
    static final int PROGRESS_EVERY = 1_000;

    private static final Object OUT_LOCK = new Object();
    private static PrintStream out;
    private static volatile long lastAcked;

    private CrashChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final long snapshotEvery = Long.parseLong(args[1]);
        final int snapshotsKept = Integer.parseInt(args[2]);
        final long lifetimeMillis = Long.parseLong(args[3]);
        final int maxBatch = Integer.parseInt(args[4]);
        final SnapshotMode snapshotMode = SnapshotMode.valueOf(args[5]);
        out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false,
            StandardCharsets.US_ASCII);

        // Not timing: a child must never outlive a test that lost track of it.
        final Thread watchdog = new Thread(() ->
        {
            try
            {
                Thread.sleep(lifetimeMillis);
            }
            catch (final InterruptedException e)
            {
                return;
            }
            System.err.println("CrashChild: lifetime of " + lifetimeMillis + " ms is over, halting");
            Runtime.getRuntime().halt(4);
        }, "crash-child-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        final SequencerConfig d = SequencerConfig.DEFAULT;
        final SequencerConfig sequencer = maxBatch >= d.maxBatch() ? d
            : new SequencerConfig(d.policy(), d.fsyncIntervalMillis(), d.queueCapacity(), maxBatch);
        final JournalConfig config = new JournalConfig(dir, sequencer, 64 << 10, snapshotEvery, 0, snapshotsKept,
            snapshotMode);
        print("RECOVERING");
        final long recoveryStart = System.nanoTime();
        final ReplayProgress sink = new ReplayProgress();
        final Journal journal = Journal.open(config, sink, w -> System.err.println("WARNING " + w),
            CrashChild::nowNanos);
        sink.recovering = false;
        lastAcked = journal.recoveredSequence();
        journal.sequencer().start();
        print("READY " + journal.recoveredSequence() + " " + journal.epoch() + " " + journal.replayedCommands() + " "
            + (System.nanoTime() - recoveryStart) / 1_000_000);

        final BufferedReader in = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.US_ASCII), 1 << 16);
        String line;
        while (null != (line = in.readLine()))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final String[] f = line.split(" ");
            switch (f[0])
            {
                case "SETUP" ->
                {
                    final List<Command> setup = setup(Integer.parseInt(f[1]));
                    for (int i = 0; i < setup.size(); i++)
                    {
                        submit(journal, setup.get(i), "setup-" + i);
                    }
                }
                case "D" -> submit(journal, new Deposit(Long.parseLong(f[1]), f[2], Long.parseLong(f[3]), f[4]), f[4]);
                case "W" -> submit(journal, new Withdraw(Long.parseLong(f[1]), f[2], Long.parseLong(f[3]), f[4]), f[4]);
                case "O" -> submit(journal, new PlaceOrder(Long.parseLong(f[1]), SYMBOL,
                    "B".equals(f[2]) ? Side.BUY : Side.SELL, OrderType.LIMIT, TimeInForce.GTC, Long.parseLong(f[3]),
                    Long.parseLong(f[4]), null, null, f[5]), f[5]);
                case "X" -> submit(journal, new CancelOrder(Long.parseLong(f[1]), Long.parseLong(f[2]), null,
                    CancelReason.USER, f[3]), f[3]);
                case "CLOSE" ->
                {
                    journal.close();
                    print("CLOSED " + lastAcked);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown line: " + line);
            }
        }
        System.err.println("CrashChild: end of input, halting");
        Runtime.getRuntime().halt(3);
    }

    /**
     * Assets USD and NGN (scale 4), USD/NGN (band 10% around 1650.00) and accounts 1..n funded generously; the list is
     * the caller's to extend (JournalTest appends its orders).
     */
    static List<Command> setup(final int accounts)
    {
        final List<Command> commands = new ArrayList<>();
        commands.add(new CreateAsset("USD", 4));
        commands.add(new CreateAsset("NGN", 4));
        commands.add(new CreateInstrument("USD", "NGN", 2, 2, 1, 1, 1, 1_000_000_00, 0, 10, 20, FeeAsset.RECEIVED,
            1000, 1650_00, InstrumentStatus.TRADING));
        for (long account = 1; account <= accounts; account++)
        {
            commands.add(new CreateAccount(account, StpMode.EXPIRE_TAKER));
            commands.add(new Deposit(account, "USD", 1_000_000_0000L, null));
            commands.add(new Deposit(account, "NGN", 10_000_000_000_0000L, null));
        }
        return commands;
    }

    /** Drops every event, but while recovery runs counts the replayed commands and says how far it got. */
    private static final class ReplayProgress extends ForwardingEventSink
    {
        // Read on the sequencer thread once recovery is over.
        volatile boolean recovering = true;
        private long replayed;

        ReplayProgress()
        {
            super(DiscardingEventSink.INSTANCE);
        }

        @Override
        public void onCommandStart(final long sequence, final long timestampNanos)
        {
            if (recovering && ++replayed % PROGRESS_EVERY == 0)
            {
                print("REPLAYED " + replayed);
            }
        }
    }

    private static long nowNanos()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void submit(final Journal journal, final Command command, final String key)
    {
        final CommandCallback callback = new CommandCallback()
        {
            @Override
            public void onDurable(final long sequence, final EngineEvent.CommandResult result)
            {
                lastAcked = sequence;
                print("ACK " + key + " " + sequence + " " + result.outcome() + " "
                    + (null == result.reason() ? "-" : result.reason().name()) + " " + result.replayed());
            }

            @Override
            public void onFailed(final Throwable cause)
            {
                print("FAILED " + key + " " + cause);
            }
        };
        while (!journal.sequencer().trySubmit(command, callback))
        {
            if (null != journal.sequencer().failure())
            {
                print("FAILED " + key + " sequencer stopped: " + journal.sequencer().failure());
                journal.sequencer().failure().printStackTrace();
                Runtime.getRuntime().halt(5);
            }
            Thread.onSpinWait();
        }
    }

    // Every line is flushed at once: an acknowledgement the test has not read does not count as given.
    private static void print(final String line)
    {
        synchronized (OUT_LOCK)
        {
            out.print(line);
            out.print('\n');
            out.flush();
        }
    }
}
