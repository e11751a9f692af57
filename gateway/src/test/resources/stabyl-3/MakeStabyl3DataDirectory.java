import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.IssueApiKey;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.gateway.protocol.stabyl.StabylProjection;
import dev.bourse.journal.Journal;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.sequencer.CommandCallback;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.SequencerConfig;
import dev.bourse.journal.snapshot.SnapshotStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Run once against the code of commit d9f092a (the last with snapshot format stabyl-3) to make the data directory
 * venue/ beside it: a log in 4 KiB segments and one stabyl-3 snapshot taken mid-way (the snapshot of the clean close at
 * the end is deleted, so the log after the kept one must be replayed). Engine time is 1 ms per command.
 */
public final class MakeStabyl3DataDirectory
{
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final AtomicLong NOW = new AtomicLong(1_750_000_000_000L * 1_000_000L);

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final LongSupplier clock = () -> NOW.addAndGet(1_000_000L);
        final JournalConfig config =
            new JournalConfig(dir, SequencerConfig.DEFAULT.withPolicy(DurabilityPolicy.WRITE), 4096, 0, 0, 100);
        final long snapshot = session(config, clock, true, 12);
        final long last = session(config, clock, false, 6);
        Files.delete(dir.resolve(SnapshotStore.fileName(last)));
        System.out.println("snapshot=" + snapshot + " last=" + last);
    }

    // Opens the directory, runs the commands, closes it (which writes a snapshot); answers the last sequence.
    private static long session(final JournalConfig config, final LongSupplier clock, final boolean first,
        final int rounds) throws Exception
    {
        final StabylProjection projection =
            new StabylProjection(Journal.epoch(config.directory(), clock).toString());
        final Journal journal = Journal.open(config, projection, projection, System.out::println, clock);
        journal.sequencer().start();
        if (first)
        {
            open(journal);
        }
        for (int i = 0; i < rounds; i++)
        {
            round(journal, i);
        }
        final long last = submit(journal, new CreateAccount(first ? 3 : 4, StpMode.EXPIRE_TAKER)).sequence;
        journal.close();
        return last;
    }

    private static void open(final Journal journal) throws Exception
    {
        for (final String asset : new String[] {"USD", "EUR", "NGN"})
        {
            submit(journal, new CreateAsset(asset, 4));
        }
        for (final String base : new String[] {"USD", "EUR"})
        {
            submit(journal, new CreateInstrument(base, "NGN", 2, 2, 1, 1, 1, 1_000_000_00, 0, 10, 20,
                FeeAsset.RECEIVED, 1000, 1650_00, InstrumentStatus.TRADING));
        }
        for (final long account : new long[] {ALICE, BOB})
        {
            submit(journal, new CreateAccount(account, StpMode.EXPIRE_TAKER));
            for (final String asset : new String[] {"USD", "EUR", "NGN"})
            {
                submit(journal, new Deposit(account, asset, 1_000_000_000_0000L, null));
            }
            submit(journal, new IssueApiKey(account, Sha256.of("key-" + account + "-0123456789"),
                EnumSet.allOf(Permission.class)));
        }
    }

    // Orders of every ending (filled, cancelled, rejected, expired, replaced), some left open or partly filled.
    private static void round(final Journal journal, final int i) throws Exception
    {
        final String pair = i % 2 == 0 ? "USD/NGN" : "EUR/NGN";
        submit(journal, PlaceOrder.limit(ALICE, pair, Side.BUY, 1600_00 + i, 1_00));
        final long cancelled = submit(journal, PlaceOrder.limit(ALICE, pair, Side.BUY, 1600_00, 1_00)).sequence;
        submit(journal, CancelOrder.byId(ALICE, cancelled));
        submit(journal, PlaceOrder.limit(BOB, "USD/NGN", Side.BUY, 100_00, 1_00));
        final long ask = submit(journal, PlaceOrder.limit(BOB, pair, Side.SELL, 1700_00, 1_00)).sequence;
        if (i % 3 == 0)
        {
            submit(journal, new ReplaceOrder(BOB, ask, 1690_00, 0, null, null));
        }
        submit(journal, PlaceOrder.limit(ALICE, pair, Side.BUY, 1700_00, 1_00));
        submit(journal, PlaceOrder.market(BOB, pair, Side.SELL, i % 4 < 2 ? 2_00 : 50));
    }

    private record Done(long sequence, EngineEvent.CommandResult result)
    {
    }

    private static Done submit(final Journal journal, final Command command) throws Exception
    {
        final CompletableFuture<Done> done = new CompletableFuture<>();
        if (!journal.sequencer().trySubmit(command, new CommandCallback()
        {
            @Override
            public void onDurable(final long sequence, final EngineEvent.CommandResult result)
            {
                done.complete(new Done(sequence, result));
            }

            @Override
            public void onFailed(final Throwable cause)
            {
                done.completeExceptionally(cause);
            }
        }))
        {
            throw new IllegalStateException("not queued: " + command);
        }
        return done.get(10, TimeUnit.SECONDS);
    }
}
