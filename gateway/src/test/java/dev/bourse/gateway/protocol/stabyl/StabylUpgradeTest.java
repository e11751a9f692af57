package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.order.StpMode;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.stream.Frame;
import dev.bourse.gateway.stream.History;
import dev.bourse.gateway.stream.Topic;
import dev.bourse.journal.Journal;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.SnapshotMode;
import dev.bourse.journal.log.JournalReader;
import dev.bourse.journal.log.LogFormat;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.SequencerConfig;
import dev.bourse.journal.snapshot.SnapshotStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory written by an earlier version (each snapshot format this one reads, made by that version's code:
 * see resources/stabyl-N/README.md) starts on this one from its snapshot, though the log before it is pruned, and reads
 * as a replay of its whole log would, down to the bytes of every user.orders and user.fills frame kept for resume.
 * A fixture in the current format only shows that the fixture is sound.
 */
class StabylUpgradeTest
{
    /** A data directory in resources/{@code format}/venue: its snapshot, its last command, and its accounts. */
    record Fixture(String format, long snapshot, long last, long... accounts)
    {
        @Override
        public String toString()
        {
            return format;
        }
    }

    private static final List<Fixture> FIXTURES = List.of(
        new Fixture("stabyl-3", 104, 149, 1, 2, 3, 4),
        new Fixture("stabyl-4", 142, 209, 1, 2, 3, 4, 5),
        new Fixture("stabyl-5", 142, 209, 1, 2, 3, 4, 5));

    // Bounds that evict none, some or all of the snapshot's terminal orders of an account while the log replays.
    private static final int[] KEPT = {4, 12, 20, 28, 1000};

    @TempDir
    Path tmp;

    static Stream<Arguments> fixturesAndBounds()
    {
        return FIXTURES.stream().flatMap(f -> Arrays.stream(KEPT).mapToObj(kept -> Arguments.of(f, kept)));
    }

    @ParameterizedTest(name = "{0}, {1} terminal orders kept")
    @MethodSource("fixturesAndBounds")
    void shouldStartFromAnEarlierSnapshotWithThePrunedLogAsAFullReplayOfTheLogWould(
        final Fixture fixture, final int kept) throws Exception
    {
        final Path upgraded = venue(fixture, "upgraded");
        assertThat(Files.readString(upgraded.resolve(SnapshotStore.fileName(fixture.snapshot())),
            StandardCharsets.ISO_8859_1)).contains(fixture.format());
        // As the journal prunes: the snapshot needs only the segments from the one holding the command after it.
        assertThat(pruneBefore(upgraded, fixture.snapshot())).isNotEmpty();
        final Path replayed = venue(fixture, "replayed");
        Files.delete(replayed.resolve(SnapshotStore.fileName(fixture.snapshot())));

        final Started fromSnapshot = Started.open(upgraded, kept);
        final Started fromLog = Started.open(replayed, kept);

        assertThat(fromSnapshot.warnings).isEmpty();
        assertThat(fromSnapshot.replayedCommands).isEqualTo(fixture.last() - fixture.snapshot());
        assertThat(fromLog.replayedCommands).isEqualTo(fixture.last());
        assertThat(fromSnapshot.stateHash).isEqualTo(fromLog.stateHash);
        assertThat(answers(fromSnapshot.projection, fixture)).isEqualTo(answers(fromLog.projection, fixture));
        assertSameFrames(fromSnapshot.projection, fromLog.projection, fixture);

        // Closing wrote a snapshot of the upgraded state in this version's format, with the frames read from the
        // earlier one still in the rings: a start from it reads the same again.
        final Started again = Started.open(upgraded, kept);
        assertThat(again.warnings).isEmpty();
        assertThat(again.replayedCommands).isZero();
        assertThat(again.stateHash).isEqualTo(fromLog.stateHash);
        assertThat(answers(again.projection, fixture)).isEqualTo(answers(fromLog.projection, fixture));
        assertSameFrames(again.projection, fromLog.projection, fixture);
    }

    @ParameterizedTest(name = "{0}, {1} terminal orders kept")
    @MethodSource("fixturesAndBounds")
    void shouldWriteFromTheSnapshotReplicaWhatAFullReplayOfTheLogDerives(final Fixture fixture, final int kept)
        throws Exception
    {
        final Path dir = venue(fixture, "replica");
        // No snapshot to start from: the replica replays the whole log through a projection of its own.
        Files.delete(dir.resolve(SnapshotStore.fileName(fixture.snapshot())));
        final JournalConfig config = new JournalConfig(dir,
            SequencerConfig.DEFAULT.withPolicy(DurabilityPolicy.WRITE), 4096, 1, 0, 2, SnapshotMode.REPLICA);
        final List<String> warnings = new ArrayList<>();
        final StabylProjection live = new StabylProjection(
            Journal.epoch(dir, System::nanoTime).toString(), keyId -> { }, kept);
        final Journal journal = Journal.open(config, live, live, warnings::add, System::nanoTime);
        journal.sequencer().start();
        // One more command makes a snapshot due; the close takes none of its own, having nothing newer.
        Venue.submit(journal.sequencer(), new CreateAccount(1_000, StpMode.EXPIRE_TAKER));
        journal.close();
        assertThat(warnings).isEmpty();
        assertThat(new SnapshotStore(dir).snapshots()).containsExactly(
            dir.resolve(SnapshotStore.fileName(fixture.last() + 1)));
        final Path replayed = copy(dir, fixture.format() + "-replayed");
        for (final Path snapshot : new SnapshotStore(replayed).snapshots())
        {
            Files.delete(snapshot);
        }

        final Started fromReplica = Started.open(dir, kept);
        final Started fromLog = Started.open(replayed, kept);

        assertThat(fromReplica.warnings).isEmpty();
        assertThat(fromReplica.replayedCommands).isZero();
        assertThat(fromLog.replayedCommands).isEqualTo(fixture.last() + 1);
        assertThat(fromReplica.stateHash).isEqualTo(fromLog.stateHash);
        assertThat(answers(fromReplica.projection, fixture)).isEqualTo(answers(fromLog.projection, fixture));
        assertSameFrames(fromReplica.projection, fromLog.projection, fixture);
    }

    /** A data directory opened by this version, keeping {@code kept} terminal orders per account, and closed. */
    private record Started(StabylProjection projection, List<String> warnings, long replayedCommands, byte[] stateHash)
    {
        static Started open(final Path dir, final int kept) throws InterruptedException
        {
            final JournalConfig config = new JournalConfig(dir,
                SequencerConfig.DEFAULT.withPolicy(DurabilityPolicy.WRITE), 4096, 0, 0, 2);
            final List<String> warnings = new ArrayList<>();
            final StabylProjection projection = new StabylProjection(
                Journal.epoch(dir, System::nanoTime).toString(), keyId -> { }, kept);
            final Journal journal = Journal.open(config, projection, projection, warnings::add, System::nanoTime);
            journal.close();
            return new Started(projection, warnings, journal.replayedCommands(), journal.stateHash());
        }
    }

    // A copy of the fixture's data directory, to change.
    private Path venue(final Fixture fixture, final String name) throws IOException, URISyntaxException
    {
        final Path source = Path.of(getClass().getResource("/" + fixture.format() + "/venue").toURI());
        return copy(source, fixture.format() + "-" + name);
    }

    // A data directory holds only files, so a flat copy is a whole one.
    private Path copy(final Path source, final String name) throws IOException
    {
        final Path copy = tmp.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(source))
        {
            for (final Path file : files.toList())
            {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    // Deletes the log segments that only commands up to the snapshot are in, as the journal's pruning would.
    private static List<Path> pruneBefore(final Path dir, final long snapshot) throws IOException
    {
        final List<Path> segments = JournalReader.segments(dir);
        final List<Path> deleted = new ArrayList<>();
        for (int i = 0; i + 1 < segments.size()
            && LogFormat.firstSequenceOf(segments.get(i + 1)) <= snapshot + 1; i++)
        {
            Files.delete(segments.get(i));
            deleted.add(segments.get(i));
        }
        return deleted;
    }

    // What REST and the streams read: each order by id, then per account its orders, fills, balances and topics.
    private static List<String> answers(final StabylProjection projection, final Fixture fixture)
    {
        final List<String> out = new ArrayList<>();
        for (long id = 1; id <= fixture.last(); id++)
        {
            final OrderRecord order = projection.order(id);
            out.add("order " + (null == order ? "none" : text(order.json())));
        }
        for (final long account : fixture.accounts())
        {
            out.add("account " + account + " " + projection.accountExists(account));
            out.add("orders " + projection.orders(account, 0, Integer.MAX_VALUE, o -> true).stream()
                .map(o -> text(o.json())).toList());
            out.add("fills " + projection.fills(account, Integer.MAX_VALUE, f -> true).stream()
                .map(History.Item::json).map(StabylUpgradeTest::text).toList());
            final Map<Integer, String> balances = new TreeMap<>();
            projection.balances(account).forEach((asset, b) -> balances.put(asset, b[0] + "/" + b[1]));
            out.add("balances " + balances);
            out.add(topic(projection.userOrdersTopic(account)));
            out.add(topic(projection.userFillsTopic(account)));
        }
        for (final Market market : projection.markets().all())
        {
            final MarketFeeds feeds = projection.feeds(market.id());
            out.add(topic(feeds.trades));
            out.add(topic(feeds.ticker));
            for (final Topic candles : feeds.candles)
            {
                out.add(topic(candles));
            }
        }
        return out;
    }

    private static String topic(final Topic topic)
    {
        final List<String> frames = topic.framesAfter(0).stream().map(f -> f.seq() + ":" + text(f.bytes()))
            .toList();
        return topic.name() + " seq " + topic.seq() + " " + frames;
    }

    // Every account's user.orders and user.fills ring, the whole of it, frame by frame and byte for byte.
    private static void assertSameFrames(
        final StabylProjection actual, final StabylProjection expected, final Fixture fixture)
    {
        for (final long account : fixture.accounts())
        {
            assertSameFrames(account, actual::userOrdersTopic, expected::userOrdersTopic);
            assertSameFrames(account, actual::userFillsTopic, expected::userFillsTopic);
        }
    }

    private static void assertSameFrames(
        final long account, final LongFunction<? extends Topic> actual, final LongFunction<? extends Topic> expected)
    {
        final Topic want = expected.apply(account);
        final List<Frame> wanted = want.framesAfter(0);
        final List<Frame> got = actual.apply(account).framesAfter(0);
        final String ring = want.name() + " of account " + account;
        assertThat(wanted).as("%s, ring from seq 1", ring).isNotNull();
        assertThat(got).as("%s, ring from seq 1", ring).isNotNull().hasSameSizeAs(wanted);
        for (int i = 0; i < wanted.size(); i++)
        {
            final Frame w = wanted.get(i);
            assertThat(got.get(i).seq()).as("%s, frame %d", ring, i).isEqualTo(w.seq());
            assertThat(got.get(i).bytes()).as("%s, frame seq %d: %s", ring, w.seq(), text(w.bytes()))
                .isEqualTo(w.bytes());
        }
    }

    private static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
