package dev.bourse.server;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.order.StpMode;
import dev.bourse.journal.log.JournalReader;
import dev.bourse.journal.log.JournalWriter;
import dev.bourse.journal.log.LogFormat;
import dev.bourse.journal.sequencer.Applied;
import dev.bourse.journal.sequencer.Submissions;
import dev.bourse.journal.snapshot.SnapshotStore;
import dev.bourse.server.config.ConfigLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./bourse repair} through the real launcher, on a data directory a real server wrote and a test then damaged
 * in the middle of its log: {@code serve} refuses to start with one line naming the file and offset and pointing at
 * repair; a dry run changes nothing and says what a cut would lose; {@code --yes} cuts, after which the log holds
 * exactly the commands before the damage and the server starts. The same for a segment whose header is damaged or of
 * another epoch, which the cut deletes. A log that the epoch file disowns gets no hint, and repair refuses it; a
 * directory a running server holds is refused; a sound log has nothing to repair.
 */
final class RepairIT
{
    private static final int ACCOUNTS = 100;
    private static final UUID FOREIGN_EPOCH = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");

    @TempDir
    Path dir;

    private Path config;
    private Path data;

    /** A record of the log as the journal's reader sees it. */
    private record Entry(long sequence, long timestampNanos, String payload)
    {
    }

    /** Where the test flipped a byte: the damaged record's segment and offset, and the records before it. */
    private record Damage(Path segment, long offset, List<Entry> before)
    {
    }

    /** What is wrong with a segment the test adds after the last record. */
    private enum SegmentFault
    {
        DAMAGED_HEADER, OTHER_EPOCH
    }

    @BeforeEach
    void writeConfig() throws IOException
    {
        config = dir.resolve("bourse.yaml");
        Files.writeString(config, "data_dir: ./data\nserver:\n  port: 0\n  admin_port: 0\n");
        data = dir.resolve("data");
    }

    @Test
    void damagedLogStopsServeWithOneLineThatNamesTheRecordAndTheRepair() throws Exception
    {
        runServer();
        final Damage damage = damageMiddleRecord();

        final Launcher serve = Launcher.run("serve", "--config", config.toString());

        assertThat(serve.exitCode()).isEqualTo(1);
        assertThat(serve.err).as("stderr").filteredOn(l -> l.startsWith("bourse:")).containsExactly(
            "bourse: the log is damaged, not starting: bad record: file=" + damage.segment() + ", offset="
                + damage.offset() + ", expectedSequence=" + (damage.before().size() + 1)
                + "; to see what cutting it there would lose: ./bourse repair --data " + data);
        assertThat(serve.err).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
    }

    @Test
    void dryRunChangesNothingAndYesCutsTheLogAtTheDamage() throws Exception
    {
        runServer();
        final Damage damage = damageMiddleRecord();
        final long kept = damage.before().size();
        final List<Path> snapshots = new SnapshotStore(data).snapshots();
        assertThat(snapshots).as("the snapshot taken at the server's stop").hasSize(1);
        final byte[] segmentBytes = Files.readAllBytes(damage.segment());
        final byte[] snapshotBytes = Files.readAllBytes(snapshots.get(0));

        final Launcher dryRun = Launcher.run("repair", "--data", data.toString());

        assertThat(dryRun.exitCode()).as("stderr: %s", dryRun.stderr()).isEqualTo(3);
        assertThat(dryRun.out).contains(
            "log damaged: bad record: file=" + damage.segment() + ", offset=" + damage.offset() + ", expectedSequence="
                + (kept + 1),
            "kept: every command up to sequence " + kept + ", the last good record",
            "  snapshot to delete: " + snapshots.get(0),
            "nothing changed; to make this cut: ./bourse repair --data " + data + " --yes");
        assertThat(dryRun.stdout()).contains("lost: every command after sequence " + kept + ": "
            + (segmentBytes.length - damage.offset()) + " bytes of " + damage.segment() + " from offset "
            + damage.offset());
        assertThat(Files.readAllBytes(damage.segment())).as("segment after a dry run").isEqualTo(segmentBytes);
        assertThat(Files.readAllBytes(snapshots.get(0))).as("snapshot after a dry run").isEqualTo(snapshotBytes);

        final Launcher repair = Launcher.run("repair", "--data", data.toString(), "--yes");

        assertThat(repair.exitCode()).as("stderr: %s", repair.stderr()).isZero();
        assertThat(repair.out).contains("deleted: file=" + snapshots.get(0),
            "truncated: file=" + damage.segment() + ", offset=" + damage.offset() + ", bytes="
                + (segmentBytes.length - damage.offset()));
        assertThat(Files.size(damage.segment())).isEqualTo(damage.offset());
        assertThat(new SnapshotStore(data).snapshots()).isEmpty();
        assertThat(entries()).as("the log after the cut").isEqualTo(damage.before());
        try (BourseServer server = BourseServer.start(ConfigLoader.load(config)))
        {
            assertThat(server.gateway().recoveredSequence()).isEqualTo(kept);
        }

        final Launcher again = Launcher.run("repair", "--data", data.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out).containsExactly("log is sound: nothing to repair in " + data);
    }

    @ParameterizedTest
    @EnumSource(SegmentFault.class)
    void aBadSegmentStopsServeWithTheRepairHintAndYesDeletesIt(final SegmentFault fault) throws Exception
    {
        runServer();
        final List<Entry> before = entries();
        final UUID epoch = JournalReader.read(data, Long.MAX_VALUE, (s, t, p) -> { }).epoch();
        final Path segment = addSegment(fault == SegmentFault.OTHER_EPOCH ? FOREIGN_EPOCH : epoch);
        final String damage;
        if (fault == SegmentFault.DAMAGED_HEADER)
        {
            flipByte(segment, LogFormat.HEADER_LENGTH - 1);
            damage = "bad segment header crc: file=" + segment + ", offset=0";
        }
        else
        {
            damage = "segment from another epoch: file=" + segment + ", offset=0, epoch=" + FOREIGN_EPOCH
                + ", expected=" + epoch;
        }

        final Launcher serve = Launcher.run("serve", "--config", config.toString());

        assertThat(serve.exitCode()).isEqualTo(1);
        assertThat(serve.err).as("stderr").filteredOn(l -> l.startsWith("bourse:")).containsExactly(
            "bourse: the log is damaged, not starting: " + damage
                + "; to see what cutting it there would lose: ./bourse repair --data " + data);

        final Launcher repair = Launcher.run("repair", "--data", data.toString(), "--yes");

        assertThat(repair.exitCode()).as("stderr: %s", repair.stderr()).isZero();
        assertThat(repair.out).contains("log damaged: " + damage, "deleted: file=" + segment,
            "repaired: the log ends at sequence " + before.size() + "; the server can start again");
        assertThat(segment).doesNotExist();
        assertThat(entries()).isEqualTo(before);
        try (BourseServer server = BourseServer.start(ConfigLoader.load(config)))
        {
            assertThat(server.gateway().recoveredSequence()).isEqualTo(before.size());
        }
    }

    @Test
    void aLogThatTheEpochFileDisownsStopsServeWithoutTheHintAndRepairRefusesIt() throws Exception
    {
        runServer();
        final List<Entry> before = entries();
        final UUID epoch = JournalReader.read(data, Long.MAX_VALUE, (s, t, p) -> { }).epoch();
        Files.writeString(data.resolve("epoch"), FOREIGN_EPOCH + "\n");

        final Launcher serve = Launcher.run("serve", "--config", config.toString());

        assertThat(serve.exitCode()).isEqualTo(1);
        assertThat(serve.err).as("stderr").filteredOn(l -> l.startsWith("bourse:")).containsExactly(
            "bourse: log of another epoch: directory=" + data + ", log=" + epoch + ", epochFile=" + FOREIGN_EPOCH);

        final Launcher repair = Launcher.run("repair", "--data", data.toString(), "--yes");

        assertThat(repair.exitCode()).isEqualTo(1);
        assertThat(repair.err).as("stderr").filteredOn(l -> l.startsWith("bourse:")).containsExactly(
            "bourse: cannot repair by cutting the log: log of another epoch: directory=" + data + ", log=" + epoch
                + ", epochFile=" + FOREIGN_EPOCH
                + "; the log and the epoch file must come from the same data directory");
        assertThat(repair.out).isEmpty();
        assertThat(entries()).isEqualTo(before);
    }

    @Test
    void refusesTheDirectoryOfARunningServerAndFindsNothingToRepairInASoundLog() throws Exception
    {
        runServer();
        final List<Entry> before = entries();

        try (BourseServer server = BourseServer.start(ConfigLoader.load(config)))
        {
            final Launcher refused = Launcher.run("repair", "--config", config.toString(), "--yes");

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err).contains("bourse: data directory is in use by another Bourse server: " + data
                + "; stop it before a repair");
            assertThat(refused.out).isEmpty();
        }
        final Launcher sound = Launcher.run("repair", "--config", config.toString());

        assertThat(sound.exitCode()).as("stderr: %s", sound.stderr()).isZero();
        assertThat(sound.out).containsExactly("log is sound: nothing to repair in " + data);
        assertThat(entries()).as("the log, continued by the second server").startsWith(before.toArray(Entry[]::new));
    }

    // A real server on the data directory, fed an asset and funded accounts, then stopped (with a snapshot).
    private void runServer() throws Exception
    {
        try (BourseServer server = BourseServer.start(ConfigLoader.load(config)))
        {
            final List<Command> commands = new ArrayList<>();
            commands.add(new CreateAsset("USD", 2));
            for (long account = 1; account <= ACCOUNTS; account++)
            {
                commands.add(new CreateAccount(account, StpMode.EXPIRE_TAKER));
                commands.add(new Deposit(account, "USD", 100_00 * account, "deposit-" + account));
            }
            final List<CompletableFuture<Applied>> results = new ArrayList<>();
            for (final Command command : commands)
            {
                results.add(Submissions.submit(server.gateway().sequencer(), command));
            }
            for (final CompletableFuture<Applied> result : results)
            {
                assertThat(result.get(30, TimeUnit.SECONDS).result().outcome()).isEqualTo(Outcome.ACCEPTED);
            }
        }
    }

    // Flips a byte in the payload of the record in the middle of the only segment, where good records follow.
    private Damage damageMiddleRecord() throws IOException
    {
        final List<Path> segments = JournalReader.segments(data);
        assertThat(segments).hasSize(1);
        final Path segment = segments.get(0);
        final byte[] bytes = Files.readAllBytes(segment);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final List<Integer> offsets = new ArrayList<>();
        // Each record starts with its payload length (see LogFormat).
        for (int offset = LogFormat.HEADER_LENGTH; offset < bytes.length;
            offset += LogFormat.RECORD_HEADER_LENGTH + buffer.getInt(offset))
        {
            offsets.add(offset);
        }
        final List<Entry> all = entries();
        assertThat(offsets).hasSameSizeAs(all).hasSizeGreaterThan(2 * ACCOUNTS);
        final int middle = offsets.size() / 2;
        bytes[offsets.get(middle) + LogFormat.RECORD_HEADER_LENGTH + 1] ^= 0x10;
        Files.write(segment, bytes);
        return new Damage(segment, offsets.get(middle), all.subList(0, middle));
    }

    // A segment after the last record, as a server starts one, of the given epoch and with one record.
    private Path addSegment(final UUID epoch)
    {
        final long last = entries().size();
        try (JournalWriter writer = new JournalWriter(data, epoch, last, null, 1 << 20))
        {
            writer.append(last + 1, 0, ByteBuffer.wrap(new byte[] {1}));
        }
        return data.resolve(LogFormat.segmentName(last + 1));
    }

    private static void flipByte(final Path file, final int position) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= 0x10;
        Files.write(file, bytes);
    }

    private List<Entry> entries()
    {
        final List<Entry> entries = new ArrayList<>();
        JournalReader.read(data, 1, (sequence, timestamp, payload) ->
        {
            final byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            entries.add(new Entry(sequence, timestamp, HexFormat.of().formatHex(bytes)));
        });
        return entries;
    }
}
