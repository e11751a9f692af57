import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.AmendOrder;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.IssueApiKey;
import dev.bourse.engine.command.MassCancel;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Run once against the code of commit 63111ea (the last with snapshot format stabyl-4) to make the data directory
 * venue/ beside it: a log in 4 KiB segments and one stabyl-4 snapshot taken mid-way (the snapshot of the clean close at
 * the end is deleted, so the log after the kept one must be replayed). Engine time is 1 ms per command.
 *
 * <p>Three trading accounts, so that the snapshot holds three user.orders rings: orders created (left resting),
 * partly filled, filled, cancelled, replaced, amended, rejected (price band, FOK not fillable, funds) and expired
 * before the snapshot, and more of each after it, some of them changing orders placed before it (a partly filled ask
 * filled, resting bids amended, replaced, filled, cancelled and mass-cancelled).
 */
public final class MakeStabyl4DataDirectory
{
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;
    private static final long[] TRADERS = {ALICE, BOB, CAROL};
    private static final AtomicLong NOW = new AtomicLong(1_750_000_000_000L * 1_000_000L);
    // What the commands came to, by command and outcome: printed, to check the fixture covers what it should.
    private static final Map<String, Integer> RESULTS = new TreeMap<>();

    public static void main(final String[] args) throws Exception
    {
        try
        {
            make(Path.of(args[0]));
        }
        catch (final Throwable t)
        {
            // The journal's threads would keep a failed run alive.
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void make(final Path dir) throws Exception
    {
        final LongSupplier clock = () -> NOW.addAndGet(1_000_000L);
        final JournalConfig config =
            new JournalConfig(dir, SequencerConfig.DEFAULT.withPolicy(DurabilityPolicy.WRITE), 4096, 0, 0, 100);
        final long snapshot = session(config, clock, true);
        final long last = session(config, clock, false);
        Files.delete(dir.resolve(SnapshotStore.fileName(last)));
        System.out.println("snapshot=" + snapshot + " last=" + last);
    }

    // Opens the directory, runs the commands, closes it (which writes a snapshot); answers the last sequence.
    private static long session(final JournalConfig config, final LongSupplier clock, final boolean first)
        throws Exception
    {
        final StabylProjection projection =
            new StabylProjection(Journal.epoch(config.directory(), clock).toString());
        final Journal journal = Journal.open(config, projection, projection, System.out::println, clock);
        journal.sequencer().start();
        RESULTS.clear();
        if (first)
        {
            open(journal);
            for (int i = 0; i < 12; i++)
            {
                round(journal, i);
            }
        }
        else
        {
            // Orders placed before the snapshot, changed after it.
            submit(journal, new AmendOrder(ALICE, oldest(projection, ALICE, OrderStatus.ACCEPTED), 0, 60, null));
            submit(journal, new ReplaceOrder(CAROL, newest(projection, CAROL, OrderStatus.ACCEPTED), 0, 3_00, null,
                null));
            final StabylProjection.OrderView ask = find(projection, CAROL,
                v -> v.status() == OrderStatus.PARTIALLY_FILLED && new String(v.json()).contains("\"side\":\"sell\""))
                .get(0);
            submit(journal, PlaceOrder.limit(ALICE, ask.pairId(), Side.BUY, 1760_00, 2_00));
            for (int i = 12; i < 18; i++)
            {
                round(journal, i);
            }
            submit(journal, new MassCancel(CAROL, null, CancelReason.MASS_CANCEL, null));
            submit(journal, CancelOrder.byId(ALICE, oldest(projection, ALICE, OrderStatus.ACCEPTED)));
        }
        final long last = submit(journal, new CreateAccount(first ? 4 : 5, StpMode.EXPIRE_TAKER)).sequence;
        journal.close();
        System.out.println((first ? "before" : "after") + " the snapshot: " + RESULTS);
        for (final long account : TRADERS)
        {
            final Map<String, Integer> statuses = new TreeMap<>();
            projection.orders(account, 0, Integer.MAX_VALUE, v -> true)
                .forEach(v -> statuses.merge(v.status().name(), 1, Integer::sum));
            System.out.println("  account " + account + " orders by status at the end: " + statuses);
        }
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
        for (final long account : TRADERS)
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
        // Alice: a bid that Bob's market sells fill or partly fill, one left resting below the others, one cancelled.
        submit(journal, PlaceOrder.limit(ALICE, pair, Side.BUY, 1600_00 + i, 1_00));
        if (i % 4 == 3)
        {
            submit(journal, PlaceOrder.limit(ALICE, pair, Side.BUY, 1570_00 - i, 1_00));
        }
        final long cancelled = submit(journal, PlaceOrder.limit(ALICE, pair, Side.BUY, 1600_00, 1_00)).sequence;
        submit(journal, CancelOrder.byId(ALICE, cancelled));
        // One rejected, for one of three reasons.
        switch (i % 3)
        {
            case 0 -> submit(journal, PlaceOrder.limit(BOB, "USD/NGN", Side.BUY, 100_00, 1_00));
            case 1 -> submit(journal, new PlaceOrder(CAROL, pair, Side.BUY, OrderType.LIMIT, TimeInForce.FOK,
                1660_00, 50_00, "fok-" + i, null, null));
            default -> submit(journal, PlaceOrder.limit(BOB, pair, Side.BUY, 1650_00, 1_000_000_00));
        }
        // Carol: a bid below Alice's, amended (smaller, keeps priority) or replaced (higher).
        final long bid = submit(journal, PlaceOrder.limit(CAROL, pair, Side.BUY, 1580_00 + i, 2_00)).sequence;
        if (i % 2 == 0)
        {
            submit(journal, new AmendOrder(CAROL, bid, 0, 1_50, null));
        }
        else if (i % 3 == 0)
        {
            submit(journal, new ReplaceOrder(CAROL, bid, 1590_00 + i, 0, "bid-" + i, null));
        }
        // Bob: an ask, replaced every third round, that Alice's bid fills.
        final long ask = submit(journal, PlaceOrder.limit(BOB, pair, Side.SELL, 1700_00, 1_00)).sequence;
        if (i % 3 == 0)
        {
            submit(journal, new ReplaceOrder(BOB, ask, 1690_00, 0, null, null));
        }
        submit(journal, PlaceOrder.limit(ALICE, pair, Side.BUY, 1700_00, 1_00));
        // Carol: an ask below her earlier ones that Alice fills a third of, left partly filled.
        if (i % 4 == 1)
        {
            submit(journal, PlaceOrder.limit(CAROL, pair, Side.SELL, 1760_00 - i, 3_00));
            submit(journal, PlaceOrder.limit(ALICE, pair, Side.BUY, 1760_00 - i, 1_00));
        }
        // Bob: a market sell into the bids, filling some, partly filling others.
        submit(journal, PlaceOrder.market(BOB, pair, Side.SELL, i % 4 < 2 ? 2_00 : 50));
        // Carol: an IOC bid below every ask, expired.
        if (i % 3 == 2)
        {
            submit(journal, new PlaceOrder(CAROL, pair, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 1600_00, 1_00,
                null, null, null));
        }
    }

    private static long oldest(final StabylProjection projection, final long account, final OrderStatus status)
    {
        final List<StabylProjection.OrderView> found = find(projection, account, v -> v.status() == status);
        return found.get(found.size() - 1).id();
    }

    private static long newest(final StabylProjection projection, final long account, final OrderStatus status)
    {
        return find(projection, account, v -> v.status() == status).get(0).id();
    }

    private static List<StabylProjection.OrderView> find(
        final StabylProjection projection, final long account, final Predicate<StabylProjection.OrderView> matching)
    {
        final List<StabylProjection.OrderView> found = projection.orders(account, 0, Integer.MAX_VALUE, matching);
        if (found.isEmpty())
        {
            throw new IllegalStateException("no such order of account " + account);
        }
        return found;
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
        final Done d = done.get(10, TimeUnit.SECONDS);
        final EngineEvent.CommandResult r = d.result;
        RESULTS.merge(command.getClass().getSimpleName() + " "
            + (Outcome.REJECTED == r.outcome() ? "rejected " + r.reason() : String.valueOf(r.orderStatus())),
            1, Integer::sum);
        return d;
    }
}
