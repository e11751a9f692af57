package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.stream.Frame;
import dev.bourse.gateway.stream.History;
import dev.bourse.gateway.stream.Topic;
import dev.bourse.journal.Journal;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.SequencerConfig;
import dev.bourse.journal.snapshot.SnapshotStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory written by the version before (snapshot format stabyl-3, made by that version's code: see
 * resources/stabyl-3/README.md) starts on this one from its snapshot, though the log before it is pruned, and reads
 * as a replay of its whole log would.
 */
class StabylUpgradeTest
{
    private static final long SNAPSHOT = 104;
    private static final long LAST = 149;
    private static final long[] ACCOUNTS = {1, 2, 3, 4};

    @TempDir
    Path tmp;

    // Bounds that evict none, some or all of the snapshot's terminal orders of an account while the log replays.
    @ParameterizedTest
    @ValueSource(ints = {4, 12, 20, 28, 1000})
    void shouldStartFromAStabyl3SnapshotWithThePrunedLogAsAFullReplayOfTheLogWould(final int kept) throws Exception
    {
        final Path upgraded = venue("upgraded");
        assertThat(Files.readString(upgraded.resolve(SnapshotStore.fileName(SNAPSHOT)), StandardCharsets.ISO_8859_1))
            .contains("stabyl-3");
        // As the journal prunes: the snapshot needs only the segments from the one holding command 105.
        Files.delete(upgraded.resolve("log-00000000000000000001.seg"));
        final Path replayed = venue("replayed");
        Files.delete(replayed.resolve(SnapshotStore.fileName(SNAPSHOT)));

        final Started fromSnapshot = Started.open(upgraded, kept);
        final Started fromLog = Started.open(replayed, kept);

        assertThat(fromSnapshot.warnings).isEmpty();
        assertThat(fromSnapshot.replayedCommands).isEqualTo(LAST - SNAPSHOT);
        assertThat(fromLog.replayedCommands).isEqualTo(LAST);
        assertThat(fromSnapshot.stateHash).isEqualTo(fromLog.stateHash);
        assertThat(answers(fromSnapshot.projection)).isEqualTo(answers(fromLog.projection));
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

    // A copy of the stabyl-3 data directory, to change.
    private Path venue(final String name) throws IOException, URISyntaxException
    {
        final Path source = Path.of(getClass().getResource("/stabyl-3/venue").toURI());
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

    // What REST and the streams read: each order by id, then per account its orders, fills, balances and topics.
    private static List<String> answers(final StabylProjection projection)
    {
        final List<String> out = new ArrayList<>();
        for (long id = 1; id <= LAST; id++)
        {
            final StabylProjection.OrderView order = projection.order(id);
            out.add("order " + (null == order ? "none" : text(order.json())));
        }
        for (final long account : ACCOUNTS)
        {
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
        final List<String> frames = topic.framesAfter(0).stream().map(Frame::bytes).map(StabylUpgradeTest::text)
            .toList();
        return topic.name() + " seq " + topic.seq() + " " + frames;
    }

    private static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
