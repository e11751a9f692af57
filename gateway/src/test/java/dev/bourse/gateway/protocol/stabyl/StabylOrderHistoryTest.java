package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.Engine;
import dev.bourse.engine.command.AmendOrder;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.gateway.stream.Frame;
import dev.bourse.journal.Journal;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.SequencerConfig;
import dev.bourse.journal.snapshot.DerivedState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection's order history, driven by a real engine: every open order and each account's latest terminal ones
 * are kept, the rest evicted; lists read newest first; a snapshot or a replay of the log gives the same answers.
 */
class StabylOrderHistoryTest
{
    private static final int KEPT = 4;
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final String USD_NGN = "USD/NGN";
    private static final String EUR_NGN = "EUR/NGN";
    private static final Predicate<OrderRecord> ANY = o -> true;

    @TempDir
    Path dir;

    @Test
    void shouldEvictTheOldestTerminalOrdersOfAnAccountButNeverAnOpenOne() throws Exception
    {
        final Run run = Run.listed(KEPT);
        final long open = rest(run, ALICE, USD_NGN, Side.BUY, 1600_00);
        final List<Long> ended = new ArrayList<>();
        for (int i = 0; i < KEPT + 3; i++)
        {
            ended.add(i % 2 == 0 ? cancelled(run, ALICE, USD_NGN) : rejected(run, ALICE));
        }
        final long bobs = cancelled(run, BOB, USD_NGN);

        for (final long id : ended.subList(0, 3))
        {
            assertThat(run.projection.order(id)).as("evicted %s", id).isNull();
        }
        final List<Long> newestFirst = new ArrayList<>(ended.subList(3, ended.size()).reversed());
        newestFirst.add(open);
        assertThat(ids(run.projection, ALICE, ANY)).isEqualTo(newestFirst);
        assertThat(run.projection.order(open).status()).isEqualTo(OrderStatus.ACCEPTED);
        // The bound is per account: Bob's one order is not pushed out by Alice's.
        assertThat(run.projection.order(bobs).status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void shouldKeepTheOrdersThatEndedLastNotThoseThatWerePlacedLast() throws Exception
    {
        final Run run = Run.listed(KEPT);
        final long old = rest(run, ALICE, USD_NGN, Side.BUY, 1600_00);
        final List<Long> ended = new ArrayList<>();
        for (int i = 0; i < KEPT; i++)
        {
            ended.add(cancelled(run, ALICE, USD_NGN));
        }
        run.apply(CancelOrder.byId(ALICE, old));

        assertThat(run.projection.order(old).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(run.projection.order(ended.getFirst())).isNull();
        final List<Long> newestFirst = new ArrayList<>(ended.subList(1, KEPT).reversed());
        newestFirst.add(old);
        assertThat(ids(run.projection, ALICE, ANY)).isEqualTo(newestFirst);
    }

    @Test
    void shouldListEveryKeptOrderInOrderAfterManyMoreWereLetGo() throws Exception
    {
        final Run run = Run.listed(KEPT);
        final List<Long> open = new ArrayList<>();
        final List<Long> ended = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            if (i % 97 == 0)
            {
                open.add(rest(run, ALICE, USD_NGN, Side.BUY, 1600_00));
            }
            ended.add(cancelled(run, ALICE, USD_NGN));
        }

        final List<Long> kept = new ArrayList<>(open);
        kept.addAll(ended.subList(ended.size() - KEPT, ended.size()));
        kept.sort((a, b) -> Long.compare(b, a));
        assertThat(ids(run.projection, ALICE, ANY)).isEqualTo(kept);
        for (final long id : ended.subList(0, ended.size() - KEPT))
        {
            assertThat(run.projection.order(id)).as("let go %s", id).isNull();
        }
        for (final long id : kept)
        {
            assertThat(run.projection.order(id).id()).isEqualTo(id);
        }
    }

    @Test
    void shouldListNewestFirstFilteredAndPagedReadingNoFurtherThanThePage() throws Exception
    {
        final Run run = Run.listed(100);
        for (int i = 0; i < 6; i++)
        {
            final String pair = i % 3 == 0 ? EUR_NGN : USD_NGN;
            rest(run, ALICE, pair, Side.BUY, 1600_00);
            cancelled(run, ALICE, pair);
            rejected(run, ALICE);
        }
        final List<OrderRecord> all = run.projection.orders(ALICE, 0, Integer.MAX_VALUE, ANY);
        assertThat(all).hasSize(18);
        assertThat(all).isSortedAccordingTo((a, b) -> Long.compare(b.id(), a.id()));

        final List<Predicate<OrderRecord>> filters = List.of(ANY,
            o -> OrderStatus.CANCELLED == o.status(), o -> EUR_NGN.equals(o.pairId()),
            o -> OrderStatus.ACCEPTED == o.status() && USD_NGN.equals(o.pairId()));
        for (final Predicate<OrderRecord> filter : filters)
        {
            for (final int offset : new int[] {0, 1, 3, 17, 40})
            {
                for (final int limit : new int[] {1, 2, 5, 1000})
                {
                    assertThat(run.projection.orders(ALICE, offset, limit, filter))
                        .as("offset %d, limit %d", offset, limit)
                        .isEqualTo(all.stream().filter(filter).skip(offset).limit(limit).toList());
                }
            }
        }
        final int[] tested = {0};
        run.projection.orders(ALICE, 3, 2, o ->
        {
            tested[0]++;
            return true;
        });
        assertThat(tested[0]).isEqualTo(5);
    }

    @Test
    void shouldFollowAmendsAndReplacesEvenWhenOnlyOneTerminalOrderIsKept() throws Exception
    {
        final Run run = Run.listed(1);
        final long original = rest(run, ALICE, USD_NGN, Side.BUY, 1600_00);
        run.apply(new AmendOrder(ALICE, original, 1601_00, 0, null));
        final long makers = rest(run, BOB, USD_NGN, Side.SELL, 1700_00);
        // The original is cancelled and its successor filled in one command: both end there, and the original,
        // the older, is evicted at its end.
        final long successor = run.apply(new ReplaceOrder(ALICE, original, 1700_00, 0, null, null));

        assertThat(run.projection.order(original)).isNull();
        final OrderRecord filled = run.projection.order(successor);
        assertThat(filled.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(json(filled)).contains("\"replaces_order_id\":\"" + original + "\"");
        assertThat(run.projection.order(makers).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(ids(run.projection, ALICE, ANY)).containsExactly(successor);
    }

    @Test
    void shouldAnswerTheSameAfterASnapshotAndAfterAReplayOfEveryCommand() throws Exception
    {
        final Run run = Run.listed(KEPT);
        trade(run);
        assertThat(answers(run)).as("some evicted, some open and partly filled").contains("none")
            .anyMatch(a -> a.contains("\"status\":\"partially_filled\""));

        final Run restored = run.restoredFromSnapshot();
        final Run replayed = new Run(KEPT, null);
        for (final Command command : run.commands)
        {
            replayed.apply(command);
        }
        assertThat(answers(restored)).isEqualTo(answers(run));
        assertThat(answers(replayed)).isEqualTo(answers(run));

        // Eviction goes on alike from there: the snapshot kept the order in which orders ended.
        for (final Run each : List.of(run, restored, replayed))
        {
            for (int i = 0; i < 3; i++)
            {
                cancelled(each, ALICE, USD_NGN);
            }
        }
        assertThat(answers(restored)).isEqualTo(answers(run));
        assertThat(answers(replayed)).isEqualTo(answers(run));
    }

    @Test
    void shouldSendEachUserOrdersFrameAsItsCommandLeftTheOrderHoweverLateItIsRead() throws Exception
    {
        // One run reads every frame as soon as it is published, the other only at the end: the frames are encoded
        // when first read, from the order as its command left it, so later changes to the order must not show.
        final Run early = Run.listed(KEPT);
        final Run late = Run.listed(KEPT);
        trade(command ->
        {
            late.apply(command);
            final long id = early.apply(command);
            userOrdersFrames(early.projection);
            return id;
        });
        final List<String> frames = userOrdersFrames(early.projection);
        assertThat(frames).as("the resting order, then its partial fill").anyMatch(f -> f.contains(
            "\"status\":\"accepted\"")).anyMatch(f -> f.contains("\"status\":\"partially_filled\""));
        assertThat(userOrdersFrames(late.projection)).isEqualTo(frames);
        // A snapshot keeps the orders of the frames, read or not, and the frames read alike after it.
        assertThat(userOrdersFrames(late.restoredFromSnapshot().projection)).isEqualTo(frames);
        assertThat(userOrdersFrames(early.restoredFromSnapshot().projection)).isEqualTo(frames);
    }

    @Test
    void shouldWriteASnapshotCaptureAsTheStateWasWhenTakenWhateverChangesAfter() throws Exception
    {
        final Run run = Run.listed(KEPT);
        trade(run);
        final byte[] then = bytes(run.projection::writeState);
        final List<String> framesThen = userOrdersFrames(run.projection);
        final List<String> answersThen = answers(run);
        final long lastThen = run.engine.lastSequence();
        final DerivedState.Capture capture = run.projection.capture();
        // Between the capture and its write, as while the snapshot writer works: orders rest, fill, are cancelled and
        // are let go (four terminal orders kept per account), and every ring moves on.
        trade(run);
        assertThat(userOrdersFrames(run.projection)).isNotEqualTo(framesThen);

        final StabylProjection written = restored(bytes(capture));
        assertThat(userOrdersFrames(written)).isEqualTo(framesThen);
        assertThat(answers(written, lastThen)).isEqualTo(answersThen);
        assertThat(userOrdersFrames(restored(then))).isEqualTo(framesThen);
    }

    private static byte[] bytes(final DerivedState.Capture state) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        state.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }

    private static StabylProjection restored(final byte[] state) throws IOException
    {
        final StabylProjection projection = new StabylProjection("epoch", keyId -> { }, KEPT);
        projection.readState(new DataInputStream(new ByteArrayInputStream(state)));
        return projection;
    }

    @Test
    void shouldPassOverASnapshotOfAFormatItDoesNotReadAndRebuildTheHistoryFromTheLog() throws Exception
    {
        final JournalConfig config = new JournalConfig(dir, SequencerConfig.DEFAULT.withPolicy(DurabilityPolicy.WRITE),
            1 << 20, 0, 0, 2);
        final List<String> warnings = new ArrayList<>();
        final StabylProjection before = new StabylProjection("epoch", keyId -> { }, KEPT);
        final Journal journal = Journal.open(config, before, new UnknownFormat(before), warnings::add,
            () -> System.currentTimeMillis() * 1_000_000);
        journal.sequencer().start();
        final Commands venue = command -> Venue.submit(journal.sequencer(), command).orderId();
        open(venue);
        final long last = trade(venue);
        journal.close();

        final StabylProjection after = new StabylProjection("epoch", keyId -> { }, KEPT);
        final Journal reopened = Journal.open(config, after, after, warnings::add,
            () -> System.currentTimeMillis() * 1_000_000);
        reopened.close();
        assertThat(warnings).singleElement().asString().contains("format=stabyl-2, expected=stabyl-6");
        assertThat(reopened.replayedCommands()).isEqualTo(last);
        assertThat(answers(after, last)).isEqualTo(answers(before, last));
    }

    /** Where a scenario's commands go; answers the id of the order a command places (its sequence). */
    @FunctionalInterface
    private interface Commands
    {
        long apply(Command command) throws Exception;
    }

    /** An engine reporting to a projection, commands numbered from 1 and stamped a millisecond apart. */
    private static final class Run implements Commands
    {
        final int kept;
        final StabylProjection projection;
        final Engine engine;
        final List<Command> commands = new ArrayList<>();

        // With no state, or the engine's from a snapshot.
        private Run(final int kept, final byte[] engineState) throws IOException
        {
            this.kept = kept;
            projection = new StabylProjection("epoch", keyId -> { }, kept);
            engine = null == engineState ? new Engine(projection)
                : Engine.restore(new DataInputStream(new ByteArrayInputStream(engineState)), projection);
        }

        /** A run with the markets and accounts open, keeping {@code kept} terminal orders per account. */
        static Run listed(final int kept) throws Exception
        {
            final Run run = new Run(kept, null);
            open(run);
            return run;
        }

        @Override
        public long apply(final Command command)
        {
            commands.add(command);
            final long sequence = engine.lastSequence() + 1;
            engine.apply(sequence, sequence * 1_000_000L, command);
            return sequence;
        }

        /** A run that goes on from a snapshot of this one's engine and projection, taken now. */
        Run restoredFromSnapshot() throws IOException
        {
            final ByteArrayOutputStream engineBytes = new ByteArrayOutputStream();
            engine.writeState(new DataOutputStream(engineBytes));
            final ByteArrayOutputStream projectionBytes = new ByteArrayOutputStream();
            projection.writeState(new DataOutputStream(projectionBytes));
            final Run restored = new Run(kept, engineBytes.toByteArray());
            restored.projection.readState(new DataInputStream(new ByteArrayInputStream(projectionBytes.toByteArray())));
            return restored;
        }
    }

    /** Names the projection's state as a format it no longer reads, as a snapshot of a much older version would. */
    private record UnknownFormat(StabylProjection projection) implements DerivedState
    {
        @Override
        public String format()
        {
            return "stabyl-2";
        }

        @Override
        public void writeState(final DataOutput out) throws IOException
        {
            projection.writeState(out);
        }

        @Override
        public void readState(final DataInput in) throws IOException
        {
            projection.readState(in);
        }

        @Override
        public Replica newReplica()
        {
            final Replica copy = projection.newReplica();
            return new Replica(copy.sink(), new UnknownFormat((StabylProjection)copy.state()));
        }
    }

    // USD/NGN and EUR/NGN listed, Alice and Bob funded in every asset.
    private static void open(final Commands venue) throws Exception
    {
        for (final String asset : new String[] {"USD", "EUR", "NGN"})
        {
            venue.apply(new CreateAsset(asset, 4));
        }
        for (final String base : new String[] {"USD", "EUR"})
        {
            venue.apply(new CreateInstrument(base, "NGN", 2, 2, 1, 1, 1, 1_000_000_00, 0, 10, 20, FeeAsset.RECEIVED,
                1000, 1650_00, InstrumentStatus.TRADING));
        }
        for (final long account : new long[] {ALICE, BOB})
        {
            venue.apply(new CreateAccount(account, StpMode.EXPIRE_TAKER));
            for (final String asset : new String[] {"USD", "EUR", "NGN"})
            {
                venue.apply(new Deposit(account, asset, 1_000_000_000_0000L, null));
            }
        }
    }

    // Orders of every ending (filled, cancelled, rejected, expired) past the bound, and some left open, partly filled
    // or not; answers the last sequence.
    private static long trade(final Commands venue) throws Exception
    {
        long last = 0;
        for (int i = 0; i < 3 * KEPT; i++)
        {
            final String pair = i % 2 == 0 ? USD_NGN : EUR_NGN;
            rest(venue, ALICE, pair, Side.BUY, 1600_00 + i);
            cancelled(venue, ALICE, pair);
            rejected(venue, BOB);
            rest(venue, BOB, pair, Side.SELL, 1700_00);
            venue.apply(PlaceOrder.limit(ALICE, pair, Side.BUY, 1700_00, 1_00));
            // Half of Alice's best bid, or all her bids with the rest expiring.
            last = venue.apply(PlaceOrder.market(BOB, pair, Side.SELL, i % 4 < 2 ? 2_00 : 50));
        }
        return last;
    }

    private static long rest(
        final Commands venue, final long account, final String pair, final Side side, final long price)
        throws Exception
    {
        return venue.apply(PlaceOrder.limit(account, pair, side, price, 1_00));
    }

    private static long cancelled(final Commands venue, final long account, final String pair) throws Exception
    {
        final long id = rest(venue, account, pair, Side.BUY, 1600_00);
        venue.apply(CancelOrder.byId(account, id));
        return id;
    }

    // Priced far outside the band.
    private static long rejected(final Commands venue, final long account) throws Exception
    {
        return venue.apply(PlaceOrder.limit(account, USD_NGN, Side.BUY, 100_00, 1_00));
    }

    private static List<Long> ids(
        final StabylProjection projection, final long account, final Predicate<OrderRecord> matching)
    {
        return projection.orders(account, 0, Integer.MAX_VALUE, matching).stream()
            .map(OrderRecord::id).toList();
    }

    private static List<String> answers(final Run run)
    {
        return answers(run.projection, run.engine.lastSequence());
    }

    // What REST reads: each id up to the last by itself, then each account's list.
    private static List<String> answers(final StabylProjection projection, final long lastSequence)
    {
        final List<String> out = new ArrayList<>();
        for (long id = 1; id <= lastSequence; id++)
        {
            final OrderRecord order = projection.order(id);
            out.add(null == order ? "none" : json(order));
        }
        for (final long account : new long[] {ALICE, BOB})
        {
            out.add(projection.orders(account, 0, Integer.MAX_VALUE, ANY).stream().map(StabylOrderHistoryTest::json)
                .toList().toString());
        }
        return out;
    }

    // Every frame in the user.orders rings of both accounts, as a subscriber resuming from the start would get them.
    private static List<String> userOrdersFrames(final StabylProjection projection)
    {
        final List<String> out = new ArrayList<>();
        for (final long account : new long[] {ALICE, BOB})
        {
            for (final Frame f : projection.userOrdersTopic(account).framesAfter(0))
            {
                out.add(new String(f.bytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String json(final OrderRecord order)
    {
        return new String(order.json(), StandardCharsets.UTF_8);
    }
}
