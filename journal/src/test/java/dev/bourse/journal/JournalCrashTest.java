package dev.bourse.journal;

import dev.bourse.engine.Engine;
import dev.bourse.engine.command.AccountCommand;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.DiscardingEventSink;
import dev.bourse.engine.event.EventRecorder;
import dev.bourse.engine.event.ForwardingEventSink;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.journal.snapshot.DerivedState;
import dev.bourse.journal.codec.CommandCodec;
import dev.bourse.journal.log.JournalReader;
import dev.bourse.journal.sequencer.SequencerConfig;
import dev.bourse.journal.snapshot.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real journal process ({@link CrashChild}) with SIGKILL while it is streaming commands, several times on one
 * data directory, and once while it is still replaying the log at start-up (an interrupted recovery must leave every
 * good record and snapshot as it was, and the next one must replay them all). Then checks that nothing acknowledged
 * was lost or applied twice: every acknowledged command is in the log at the sequence it was acknowledged with and
 * with the outcome it was acknowledged with; every idempotency key was applied once, and a retry of a command that
 * became durable without an acknowledgement is answered as a replay; the sequence never restarts; the epoch never
 * changes; and a clean engine fed the whole log from sequence 1 ends in the state of the recovered journal's final
 * snapshot, passing through the state of every snapshot on the way.
 *
 * <p>Random choices (command mix, kill delays, retries) come from one base seed, printed at the start and on failure;
 * rerun one with {@code -Dbourse.crashSeed=N}. Thread timing makes the exact kill points differ from run to run.
 */
class JournalCrashTest
{
    /** How a round's child process ends. */
    private enum Ending
    {
        /** SIGKILL after a random short delay while commands stream. */
        KILL,
        /** SIGKILL once {@link #BUILD_UP_COMMANDS} are acknowledged, so that the next recovery has much to replay. */
        KILL_AFTER_BUILD_UP,
        /** SIGKILL at a random point of the child's replay of the log, before it is ready; nothing is sent to it. */
        KILL_DURING_RECOVERY,
        /** CLOSE after {@link #CLEAN_ROUND_COMMANDS}: every command acknowledged, then a snapshot. */
        CLOSE
    }

    /**
     * One child process on the shared data directory.
     *
     * @param snapshotEvery a snapshot every so many commands, 0 for none.
     * @param maxBatch      the batch cap; the default's 4,096 unless smaller.
     * @param ending        how the round ends.
     * @param snapshotMode  how its snapshots are taken.
     */
    private record Round(long snapshotEvery, int maxBatch, Ending ending, SnapshotMode snapshotMode)
    {
        Round(final long snapshotEvery, final int maxBatch, final Ending ending)
        {
            this(snapshotEvery, maxBatch, ending, SnapshotMode.REPLICA);
        }
    }

    /**
     * The rounds, in order. Rounds 1 and 5 fsync tiny batches and snapshot after nearly every one, so the snapshot
     * writer is busy all the time and the kill most likely lands during a snapshot: round 1 takes them inline, the
     * others by a replica (the default), whose snapshot writer is busy replaying the log as well. Round 6 takes no
     * snapshot and leaves a long log to replay, round 7 is killed while it replays it, and round 8 must still recover
     * it exactly.
     */
    private static final List<Round> ROUNDS = List.of(
        new Round(500, 4_096, Ending.KILL),
        new Round(50, 16, Ending.KILL, SnapshotMode.INLINE),
        new Round(500, 4_096, Ending.KILL),
        new Round(200, 4_096, Ending.CLOSE),
        new Round(50, 4_096, Ending.KILL),
        new Round(1, 16, Ending.KILL),
        new Round(0, 4_096, Ending.KILL_AFTER_BUILD_UP),
        new Round(0, 4_096, Ending.KILL_DURING_RECOVERY),
        new Round(500, 4_096, Ending.KILL));
    private static final int ACCOUNTS = 4;
    private static final long CHILD_LIFETIME_MILLIS = 60_000;
    private static final long TIMEOUT_SECONDS = 30;
    private static final int MIN_KILL_DELAY_MILLIS = 50;
    private static final int MAX_KILL_DELAY_MILLIS = 400;
    /** Commands a build-up round has acknowledged before its kill: a replay of a few hundred milliseconds. */
    private static final int BUILD_UP_COMMANDS = 20_000;
    private static final int MAX_RETRIES_PER_ROUND = 300;
    private static final int CLEAN_ROUND_COMMANDS = 2_000;

    @TempDir
    Path root;

    private Path dataDir;
    private int snapshotsKept;
    /** Every line the test sent, by key (the setup commands have no line of their own). */
    private final Map<String, String> lines = new ConcurrentHashMap<>();
    /** Keys sent again after the round they were first sent in. */
    private final Set<String> retried = new HashSet<>();
    /** Accepted orders, as {account, order id}, for cancels to aim at. */
    private final List<long[]> orders = Collections.synchronizedList(new ArrayList<>());
    private final List<RoundReport> reports = new ArrayList<>();

    private record Ack(int round, String key, long sequence, Outcome outcome, String reason, boolean replayed)
    {
    }

    private record Ready(long recoveredSequence, UUID epoch, long replayedCommands, long recoveryMillis)
    {
    }

    /**
     * What a round left on disk.
     *
     * @param logEnd    the sequence of the last good record.
     * @param logDigest SHA-256 over every good record: sequence, timestamp and payload.
     * @param snapshots the snapshot files, newest first.
     */
    private record DiskState(long logEnd, String logDigest, List<Path> snapshots)
    {
        long newestSnapshot()
        {
            return snapshots.isEmpty() ? 0 : SnapshotStore.sequenceOf(snapshots.get(0));
        }
    }

    /**
     * One round as it went, in {@code millis} from the child's start to the check of what it left. When the child was
     * killed during recovery, {@code ready} is null and {@code replayedBeforeKill} says how far the replay had got; it
     * is 0 otherwise.
     */
    private record RoundReport(
        int round, Round plan, long millis, long killDelayMillis, Ready ready, long replayedBeforeKill, int sent,
        int retries, List<Ack> acks, DiskState disk, List<String> newSnapshotTemporaries, List<String> warnings)
    {
        @Override
        public String toString()
        {
            if (null == ready)
            {
                return String.format("round %d (%d ms): %s after replaying %d of %d commands, %d ms after "
                        + "RECOVERING, logEnd=%d, newestSnapshot=%d, warnings=%s",
                    round, millis, plan.ending(), replayedBeforeKill, disk.logEnd() - disk.newestSnapshot(),
                    killDelayMillis, disk.logEnd(), disk.newestSnapshot(), warnings);
            }
            return String.format("round %d (%d ms): %s, snapshotEvery=%d (%s), maxBatch=%d, killDelay=%dms, "
                    + "recovered=%d (replayed %d in %d ms), sent=%d (retries %d), acked=%d (replayed %d), seq %s, "
                    + "logEnd=%d, newestSnapshotAfter=%d, killedDuringSnapshotWrite=%s, warnings=%s",
                round, millis, plan.ending(), plan.snapshotEvery(), plan.snapshotMode(), plan.maxBatch(),
                killDelayMillis,
                ready.recoveredSequence(), ready.replayedCommands(), ready.recoveryMillis(), sent, retries,
                acks.size(), acks.stream().filter(Ack::replayed).count(),
                acks.isEmpty() ? "-" : acks.get(0).sequence() + ".." + acks.get(acks.size() - 1).sequence(),
                disk.logEnd(), disk.newestSnapshot(), newSnapshotTemporaries, warnings);
        }
    }

    /** The result of one command as a clean engine replaying the log sees it. */
    private record Replayed(String key, Outcome outcome, RejectReason reason, boolean replayed)
    {
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldKeepEveryAcknowledgedCommandExactlyOnceThroughRepeatedKills() throws Throwable
    {
        // Every snapshot kept, so no log segment is ever pruned: the whole log replays from sequence 1.
        crashRounds(Integer.MAX_VALUE, 0);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldKeepEveryAcknowledgedCommandThroughRepeatedKillsWhileOldSegmentsArePruned() throws Throwable
    {
        // Two snapshots kept, as in production: segments before the older one are deleted while the log grows.
        crashRounds(2, 1);
    }

    private void crashRounds(final int kept, final long seedSalt) throws Throwable
    {
        snapshotsKept = kept;
        final long baseSeed = Long.getLong("bourse.crashSeed", System.nanoTime());
        final String name = "JournalCrashTest[snapshotsKept=" + kept + "]";
        final String rerun = "base seed " + baseSeed + " (rerun with -Dbourse.crashSeed=" + baseSeed + ")";
        System.out.println(name + " " + rerun);
        final long start = System.nanoTime();
        try
        {
            run(baseSeed + seedSalt);
        }
        catch (final Throwable t)
        {
            reports.forEach(r -> System.out.println(name + " " + r));
            throw new AssertionError(name + " failed with " + rerun + ": " + t.getMessage(), t);
        }
        reports.forEach(r -> System.out.println(name + " " + r));
        System.out.printf("%s passed in %d ms, %s%n", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
            rerun);
    }

    private void run(final long baseSeed) throws Exception
    {
        dataDir = root.resolve("data");
        final List<Ack> allAcks = new ArrayList<>();
        List<String> unacked = List.of();
        for (int round = 0; round < ROUNDS.size(); round++)
        {
            final SplittableRandom random = new SplittableRandom(baseSeed + 0x9E3779B97F4A7C15L * (round + 1));
            final Round plan = ROUNDS.get(round);
            if (plan.ending() == Ending.KILL_DURING_RECOVERY)
            {
                // Nothing is sent, so the commands still unacknowledged wait for the next round.
                reports.add(killDuringRecovery(round, plan, random));
                continue;
            }
            final List<String> retries = chooseRetries(unacked, random);
            final RoundReport report = runRound(round, plan, retries, random);
            reports.add(report);

            if (round > 0)
            {
                // Recovery finds exactly the good records the previous round left, and after an interrupted recovery
                // it replays all of them again: the interruption cost nothing.
                final RoundReport before = reports.get(round - 1);
                assertThat(report.ready().recoveredSequence()).as("round %d recovered sequence vs the log left", round)
                    .isEqualTo(before.disk().logEnd());
                if (before.plan().ending() == Ending.KILL_DURING_RECOVERY)
                {
                    assertThat(report.ready().replayedCommands()).as("round %d replay after an interrupted one", round)
                        .isEqualTo(before.disk().logEnd() - before.disk().newestSnapshot());
                }
            }
            // Recovery never goes back behind an acknowledgement, and new commands continue after it.
            final long highestAcked = allAcks.stream().mapToLong(Ack::sequence).max().orElse(0);
            assertThat(report.ready().recoveredSequence())
                .as("round %d recovered sequence vs highest acknowledged before it", round)
                .isGreaterThanOrEqualTo(highestAcked);
            assertThat(report.ready().epoch()).as("round %d epoch", round).isEqualTo(reports.get(0).ready().epoch());
            long previous = report.ready().recoveredSequence();
            for (final Ack ack : report.acks())
            {
                assertThat(ack.sequence()).as("round %d ack %s follows the previous one", round, ack).isGreaterThan(
                    previous);
                previous = ack.sequence();
            }
            allAcks.addAll(report.acks());

            final Set<String> ackedEver = new HashSet<>();
            allAcks.forEach(a -> ackedEver.add(a.key()));
            final List<String> stillUnacked = new ArrayList<>();
            for (final String key : sentKeys(round, retries))
            {
                if (!ackedEver.contains(key))
                {
                    stillUnacked.add(key);
                }
            }
            if (plan.ending() == Ending.CLOSE)
            {
                assertThat(stillUnacked).as("a clean close acknowledges every command sent before it").isEmpty();
            }
            unacked = stillUnacked;
        }
        assertThat(allAcks.stream().filter(a -> a.round() > 0 && ROUNDS.get(a.round()).ending() != Ending.CLOSE)
            .count()).as("killed rounds after the first acknowledged something").isPositive();
        verify(allAcks);
    }

    private final Map<Integer, List<String>> keysByRound = new HashMap<>();

    private List<String> sentKeys(final int round, final List<String> retries)
    {
        final List<String> keys = new ArrayList<>(retries);
        keys.addAll(keysByRound.getOrDefault(round, List.of()));
        return keys;
    }

    private List<String> chooseRetries(final List<String> unacked, final SplittableRandom random)
    {
        final List<String> sorted = new ArrayList<>(new TreeSet<>(unacked));
        for (int i = sorted.size() - 1; i > 0; i--)
        {
            Collections.swap(sorted, i, random.nextInt(i + 1));
        }
        final List<String> chosen = sorted.subList(0, Math.min(MAX_RETRIES_PER_ROUND, sorted.size()));
        retried.addAll(chosen);
        return new ArrayList<>(chosen);
    }

    private RoundReport runRound(
        final int round, final Round plan, final List<String> retries, final SplittableRandom random) throws Exception
    {
        final long start = System.nanoTime();
        final boolean killed = plan.ending() != Ending.CLOSE;
        long killDelay = random.nextLong(MIN_KILL_DELAY_MILLIS, MAX_KILL_DELAY_MILLIS + 1);
        final SplittableRandom commands = random.split();
        final Set<String> temporariesBefore = snapshotTemporaries();
        final Child child = new Child(round, plan);
        Thread writerThread = null;
        CommandWriter writer = null;
        try
        {
            final Ready ready = child.ready.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (round == 0)
            {
                assertThat(ready.recoveredSequence()).isZero();
                final int setupCommands = CrashChild.setup(ACCOUNTS).size();
                final CompletableFuture<Ack> lastSetup = child.expect("setup-" + (setupCommands - 1));
                child.send("SETUP " + ACCOUNTS);
                child.flush();
                lastSetup.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            final List<String> keys = Collections.synchronizedList(new ArrayList<>());
            keysByRound.put(round, keys);
            writer = new CommandWriter(child, round, retries, commands, killed, keys);
            writerThread = new Thread(writer, "crash-writer-" + round);
            writerThread.setDaemon(true);
            writerThread.start();
            if (plan.ending() == Ending.KILL_AFTER_BUILD_UP)
            {
                killDelay = awaitAcks(child, BUILD_UP_COMMANDS);
                sigkill(child);
                writer.stop = true;
            }
            else if (killed)
            {
                // Not synchronization: the kill comes at a random moment of the stream on purpose.
                Thread.sleep(killDelay);
                sigkill(child);
                writer.stop = true;
            }
            else
            {
                final long closedAt = child.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(child.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("child exited").isTrue();
                assertThat(child.process.exitValue()).as("clean exit; stderr:%n%s", child.stderr()).isZero();
                final List<Ack> acks = child.acks();
                assertThat(closedAt).isEqualTo(acks.isEmpty() ? ready.recoveredSequence()
                    : acks.get(acks.size() - 1).sequence());
            }
            writerThread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertThat(writerThread.isAlive()).as("writer thread finished").isFalse();
            child.reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertThat(child.reader.isAlive()).as("reader thread finished").isFalse();
            assertThat(writer.failure).as("writer failure").isNull();
            assertThat(child.failures).as("round %d FAILED lines", round).isEmpty();
            assertThat(child.unexpected).as("round %d unexpected output; stderr:%n%s", round, child.stderr())
                .isEmpty();
            if (!killed)
            {
                assertThat(child.acks()).as("round %d: every command acknowledged at a clean close", round)
                    .hasSize(retries.size() + keys.size());
            }
            final List<String> newTemporaries = new ArrayList<>(snapshotTemporaries());
            newTemporaries.removeAll(temporariesBefore);
            final DiskState disk = diskState();
            return new RoundReport(round, plan, millisSince(start), killed ? killDelay : 0, ready, 0, keys.size(),
                retries.size(), child.acks(), disk, newTemporaries, child.warnings());
        }
        finally
        {
            // Whatever went wrong, no child outlives its round; closing its stdin ends the writer.
            child.process.destroyForcibly();
            if (null != writer)
            {
                writer.stop = true;
            }
        }
    }

    /**
     * Starts a child on the log the build-up round left and kills it once its replay has passed a random point in the
     * first half of the log, before it is ready. Then checks that the interrupted recovery damaged nothing: every good
     * record is still there, byte for byte, and no snapshot appeared or went (a torn tail the kill left may have been
     * cut: it is not part of the log).
     */
    private RoundReport killDuringRecovery(final int round, final Round plan, final SplittableRandom random)
        throws Exception
    {
        final long start = System.nanoTime();
        final DiskState before = reports.get(round - 1).disk();
        final long toReplay = before.logEnd() - before.newestSnapshot();
        assertThat(toReplay).as("round %d commands to replay", round).isGreaterThanOrEqualTo(BUILD_UP_COMMANDS);
        final long step = CrashChild.PROGRESS_EVERY;
        final long killAt = step * random.nextLong(1, toReplay / 2 / step + 1);
        final Set<String> temporariesBefore = snapshotTemporaries();
        final Child child = new Child(round, plan);
        try
        {
            child.recovering.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final long recoveringAt = System.nanoTime();
            long replayed = 0;
            while (replayed < killAt)
            {
                final Long progress = child.replayProgress.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(progress).as("round %d replay progress after %d; stderr:%n%s", round, replayed,
                    child.stderr()).isNotNull();
                replayed = progress;
            }
            final long killDelay = millisSince(recoveringAt);
            sigkill(child);
            child.reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertThat(child.reader.isAlive()).as("reader thread finished").isFalse();
            // Every line the child printed has been read: had it said READY, the kill came too late.
            assertThat(child.ready).as("round %d killed after replaying %d of %d commands, yet it was ready", round,
                replayed, toReplay).isCompletedExceptionally();
            assertThat(child.unexpected).as("round %d unexpected output; stderr:%n%s", round, child.stderr())
                .isEmpty();

            final DiskState after = diskState();
            assertThat(after.logEnd()).as("round %d log end after an interrupted recovery", round)
                .isEqualTo(before.logEnd());
            assertThat(after.logDigest()).as("round %d records after an interrupted recovery", round)
                .isEqualTo(before.logDigest());
            assertThat(after.snapshots()).as("round %d snapshots after an interrupted recovery", round)
                .isEqualTo(before.snapshots());
            final List<String> newTemporaries = new ArrayList<>(snapshotTemporaries());
            newTemporaries.removeAll(temporariesBefore);
            assertThat(newTemporaries).as("round %d snapshot temporaries", round).isEmpty();
            return new RoundReport(round, plan, millisSince(start), killDelay, null, replayed, 0, 0, List.of(), after,
                newTemporaries, child.warnings());
        }
        finally
        {
            child.process.destroyForcibly();
        }
    }

    // Waits until the round's child has acknowledged this many commands; returns how long that took.
    private static long awaitAcks(final Child child, final int count) throws InterruptedException
    {
        final long start = System.nanoTime();
        final long deadline = start + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (child.ackCount() < count)
        {
            assertThat(System.nanoTime()).as("round %d: %d of %d acknowledgements in time; stderr:%n%s", child.round,
                child.ackCount(), count, child.stderr()).isLessThan(deadline);
            assertThat(child.process.isAlive()).as("round %d child alive; stderr:%n%s", child.round, child.stderr())
                .isTrue();
            Thread.sleep(5);
        }
        return millisSince(start);
    }

    private static long millisSince(final long startNanos)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static void sigkill(final Child child) throws InterruptedException
    {
        assertThat(child.process.isAlive()).as("round %d child alive before the kill; stderr:%n%s", child.round,
            child.stderr()).isTrue();
        // SIGKILL through the handle: Process.destroyForcibly would also close our end of the child's stdout and lose
        // the acknowledgements still in the pipe (the JDK keeps them for us when it only sees the process exit).
        assertThat(child.process.toHandle().destroyForcibly()).as("SIGKILL sent").isTrue();
        assertThat(child.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("child died").isTrue();
        assertThat(child.process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    }

    private DiskState diskState() throws NoSuchAlgorithmException
    {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        final ByteBuffer header = ByteBuffer.allocate(2 * Long.BYTES);
        final JournalReader.Result log = JournalReader.read(dataDir, 1, (sequence, timestamp, payload) ->
        {
            digest.update(header.clear().putLong(sequence).putLong(timestamp).flip());
            digest.update(payload);
        });
        return new DiskState(log.lastSequence(), HexFormat.of().formatHex(digest.digest()),
            new SnapshotStore(dataDir).snapshots());
    }

    private Set<String> snapshotTemporaries() throws IOException
    {
        if (!Files.isDirectory(dataDir))
        {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dataDir))
        {
            return new TreeSet<>(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList());
        }
    }

    /**
     * After the last kill: recovery in this JVM, the log read from 1, and a clean replay of it. When old segments were
     * pruned, the replay starts from the oldest kept snapshot the log still reaches back to, and what lies before the
     * log is checked only by range.
     */
    private void verify(final List<Ack> allAcks) throws Exception
    {
        final UUID epoch = reports.get(0).ready().epoch();
        final List<String> warnings = new ArrayList<>();
        final JournalConfig config = new JournalConfig(dataDir, SequencerConfig.DEFAULT, 64 << 10, 500, 0,
            snapshotsKept);
        final Journal journal = Journal.open(config, new EventRecorder(), warnings::add,
            () -> System.currentTimeMillis() * 1_000_000L);
        final long recovered = journal.recoveredSequence();
        assertThat(journal.epoch()).as("epoch after all rounds").isEqualTo(epoch);
        journal.sequencer().start();
        journal.close();
        assertThat(warnings).as("warnings of the final recovery")
            .allMatch(w -> w.startsWith("cut torn tail") || w.startsWith("snapshot passed over")
                || w.startsWith("deleted unfinished snapshot"));
        for (final Ack ack : allAcks)
        {
            assertThat(ack.sequence()).as("acknowledged %s within what recovery found", ack).isBetween(1L, recovered);
        }

        // Hashes recorded in every snapshot file's header (layout in SnapshotStore), to meet again in the replay.
        final SnapshotStore store = new SnapshotStore(dataDir);
        final Map<Long, byte[]> snapshotHashes = new TreeMap<>();
        for (final Path file : store.snapshots())
        {
            final byte[] header = new byte[76];
            try (InputStream in = Files.newInputStream(file))
            {
                assertThat(in.readNBytes(header, 0, header.length)).isEqualTo(header.length);
            }
            snapshotHashes.put(ByteBuffer.wrap(header).getLong(28), Arrays.copyOfRange(header, 44, 76));
        }
        assertThat(snapshotHashes.keySet()).as("no snapshot beyond the log").allMatch(s -> s <= recovered);

        // Where the replay starts: sequence 1 when the log is whole, else the oldest snapshot the log continues.
        final long firstInLog = JournalReader.read(dataDir, Long.MAX_VALUE, (s, t, p) -> { }).firstSequence();
        final ResultCatcher catcher = new ResultCatcher();
        Engine engine = null;
        if (firstInLog == 1)
        {
            engine = new Engine(catcher);
        }
        else
        {
            assertThat(snapshotsKept).as("segments pruned although every snapshot is kept; log starts at %d",
                firstInLog).isLessThan(Integer.MAX_VALUE);
            final List<Path> oldestFirst = new ArrayList<>(store.snapshots());
            Collections.reverse(oldestFirst);
            for (final Path file : oldestFirst)
            {
                final SnapshotStore.Loaded loaded = store.load(file, epoch, catcher, DerivedState.NONE);
                if (loaded.sequence() >= firstInLog - 1)
                {
                    engine = loaded.engine();
                    break;
                }
            }
            assertThat(engine).as("a snapshot the log (from %d) continues", firstInLog).isNotNull();
        }
        final Engine replay = engine;
        final long replayFrom = replay.lastSequence() + 1;

        // Every command in the log: its key, and from replayFrom on its result in the replay.
        final Replayed[] inLog = new Replayed[(int)recovered + 1];
        final Map<Long, String> snapshotMismatches = new TreeMap<>();
        final JournalReader.Result log = JournalReader.read(dataDir, 1, (sequence, timestamp, payload) ->
        {
            final Command command = CommandCodec.decode(payload);
            final String key = command instanceof AccountCommand a ? a.idempotencyKey() : null;
            if (sequence < replayFrom)
            {
                inLog[(int)sequence] = new Replayed(key, null, null, false);
                return;
            }
            catcher.result = null;
            replay.apply(sequence, timestamp, command);
            assertThat(catcher.result).as("result of sequence %d", sequence).isNotNull();
            inLog[(int)sequence] = new Replayed(key, catcher.result.outcome(), catcher.result.reason(),
                catcher.result.replayed());
            final byte[] snapshotHash = snapshotHashes.get(sequence);
            if (null != snapshotHash && !Arrays.equals(snapshotHash, replay.stateHash()))
            {
                snapshotMismatches.put(sequence, HexFormat.of().formatHex(snapshotHash));
            }
        });
        assertThat(log.tornFile()).as("no torn tail left after recovery").isNull();
        assertThat(log.firstSequence()).isEqualTo(firstInLog);
        assertThat(log.lastSequence()).as("log end vs recovered sequence").isEqualTo(recovered);
        assertThat(log.epoch()).isEqualTo(epoch);
        assertThat(snapshotMismatches).as("snapshots whose state differs from the replayed log at their sequence")
            .isEmpty();

        final SnapshotStore.Loaded newest =
            store.loadNewest(epoch, DiscardingEventSink.INSTANCE, DerivedState.NONE, new ArrayList<>());
        assertThat(newest).as("a snapshot after close").isNotNull();
        assertThat(newest.sequence()).isEqualTo(recovered);
        assertThat(HexFormat.of().formatHex(newest.engine().stateHash())).as("recovered state hash vs replay")
            .isEqualTo(HexFormat.of().formatHex(replay.stateHash()));
        assertThat(replay.lastSequence()).isEqualTo(recovered);

        // Every acknowledgement still in the log is there at its sequence, with its key and its outcome.
        int checkedKey = 0;
        int checkedOutcome = 0;
        for (final Ack ack : allAcks)
        {
            if (ack.sequence() < firstInLog)
            {
                continue;
            }
            final Replayed r = inLog[(int)ack.sequence()];
            final String expectedKey = ack.key().startsWith("setup-") ? null : ack.key();
            assertThat(r.key()).as("key at acknowledged sequence of %s", ack).isEqualTo(expectedKey);
            checkedKey++;
            if (ack.sequence() >= replayFrom)
            {
                assertThat(r.outcome()).as("outcome of %s", ack).isEqualTo(ack.outcome());
                assertThat(null == r.reason() ? "-" : r.reason().name()).as("reason of %s", ack)
                    .isEqualTo(ack.reason());
                assertThat(r.replayed()).as("replayed flag of %s", ack).isEqualTo(ack.replayed());
                checkedOutcome++;
            }
        }
        // Each key applied once; a second occurrence only for a key sent again, and answered as a replay.
        final Map<String, List<Long>> occurrences = new HashMap<>();
        for (long s = firstInLog; s <= recovered; s++)
        {
            if (null != inLog[(int)s].key())
            {
                occurrences.computeIfAbsent(inLog[(int)s].key(), k -> new ArrayList<>()).add(s);
            }
        }
        for (final Map.Entry<String, List<Long>> e : occurrences.entrySet())
        {
            final String key = e.getKey();
            assertThat(lines).as("key %s in the log was sent by the test", key).containsKey(key);
            final List<Long> at = e.getValue();
            if (at.size() > 1)
            {
                assertThat(retried).as("key %s occurs at %s but was never sent again", key, at).contains(key);
            }
            final Replayed first = inLog[at.get(0).intValue()];
            if (firstInLog == 1)
            {
                assertThat(first.replayed()).as("first occurrence of %s at %s is applied, not replayed", key, at)
                    .isFalse();
            }
            for (final long s : at.subList(1, at.size()))
            {
                final Replayed again = inLog[(int)s];
                if (s >= replayFrom)
                {
                    assertThat(again.replayed()).as("occurrence of %s at %d (all: %s) is a replay", key, s, at)
                        .isTrue();
                    if (at.get(0) >= replayFrom)
                    {
                        assertThat(again.outcome()).isEqualTo(first.outcome());
                        assertThat(again.reason()).isEqualTo(first.reason());
                    }
                }
            }
        }

        final Set<String> ackedKeys = new HashSet<>();
        allAcks.forEach(a -> ackedKeys.add(a.key()));
        final long durableUnacked = occurrences.keySet().stream().filter(k -> !ackedKeys.contains(k)).count();
        System.out.printf("JournalCrashTest[snapshotsKept=%d] log: %d..%d, replayed from %d, %d snapshots on disk, "
                + "%d acknowledged (%d checked by key, %d by outcome, the rest by range), %d keys retried, "
                + "%d durable but never acknowledged, %d keys twice or more, final recovery warnings %s%n",
            snapshotsKept, firstInLog, recovered, replayFrom, snapshotHashes.size(), allAcks.size(), checkedKey,
            checkedOutcome, retried.size(), durableUnacked,
            occurrences.values().stream().filter(l -> l.size() > 1).count(), warnings);
    }

    /** Keeps the result of the command being applied; drops every other event. */
    private static final class ResultCatcher extends ForwardingEventSink
    {
        Result result;

        ResultCatcher()
        {
            super(DiscardingEventSink.INSTANCE);
        }

        @Override
        public void onCommandResult(
            final Outcome outcome, final RejectReason reason, final long orderId, final long newOrderId,
            final OrderStatus orderStatus, final boolean replayed)
        {
            result = new Result(outcome, reason, replayed);
        }

        private record Result(Outcome outcome, RejectReason reason, boolean replayed)
        {
        }
    }

    /** Streams commands to a child: the retries first, then new random ones until stopped (or a fixed number). */
    private final class CommandWriter implements Runnable
    {
        private final Child child;
        private final int round;
        private final List<String> retries;
        private final SplittableRandom random;
        private final boolean endless;
        private final List<String> keys;
        volatile boolean stop;
        volatile Throwable failure;

        CommandWriter(
            final Child child, final int round, final List<String> retries, final SplittableRandom random,
            final boolean endless, final List<String> keys)
        {
            this.child = child;
            this.round = round;
            this.retries = retries;
            this.random = random;
            this.endless = endless;
            this.keys = keys;
        }

        @Override
        public void run()
        {
            try
            {
                int n = 0;
                for (final String key : retries)
                {
                    child.send(lines.get(key));
                    if (++n % 16 == 0)
                    {
                        child.flush();
                    }
                }
                for (int i = 0; !stop && (endless || i < CLEAN_ROUND_COMMANDS); i++)
                {
                    final String key = "r" + round + "-" + i;
                    final String line = next(key);
                    lines.put(key, line);
                    keys.add(key);
                    child.send(line);
                    if (++n % 16 == 0)
                    {
                        child.flush();
                    }
                }
                if (!endless)
                {
                    child.send("CLOSE");
                }
                child.flush();
            }
            catch (final IOException e)
            {
                if (!stop && !endless)
                {
                    failure = e;
                }
                // Otherwise the child was killed under our feet: a broken pipe is the expected end.
            }
            catch (final RuntimeException | Error e)
            {
                failure = e;
            }
        }

        private String next(final String key)
        {
            final long account = 1 + random.nextInt(ACCOUNTS);
            final int kind = random.nextInt(100);
            if (kind < 8)
            {
                return "D " + account + (random.nextBoolean() ? " USD " : " NGN ") + random.nextLong(1, 1_000_0000)
                    + " " + key;
            }
            if (kind < 12)
            {
                return "W " + account + (random.nextBoolean() ? " USD " : " NGN ") + random.nextLong(1, 1_000_0000)
                    + " " + key;
            }
            if (kind < 27)
            {
                final long[] order;
                synchronized (orders)
                {
                    order = orders.isEmpty() ? null : orders.get(random.nextInt(orders.size()));
                }
                if (null != order)
                {
                    // Mostly the owner; sometimes another account, which must be told the order is not found.
                    final long owner = random.nextInt(10) < 8 ? order[0] : account;
                    return "X " + owner + " " + order[1] + " " + key;
                }
            }
            return "O " + account + (random.nextBoolean() ? " B " : " S ") + random.nextLong(1635_00, 1665_01) + " "
                + random.nextLong(1_00, 20_01) + " " + key;
        }
    }

    /** One child process, its stdout read on a thread of its own. */
    private final class Child
    {
        final int round;
        final Process process;
        final Thread reader;
        final Path stderrFile;
        final Writer stdin;
        final CompletableFuture<Void> recovering = new CompletableFuture<>();
        final BlockingQueue<Long> replayProgress = new LinkedBlockingQueue<>();
        final CompletableFuture<Ready> ready = new CompletableFuture<>();
        final CompletableFuture<Long> closed = new CompletableFuture<>();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        private final List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, CompletableFuture<Ack>> expected = new ConcurrentHashMap<>();

        Child(final int round, final Round plan) throws IOException
        {
            this.round = round;
            this.stderrFile = root.resolve("child-" + round + ".stderr");
            final ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), CrashChild.class.getName(), dataDir.toString(),
                Long.toString(plan.snapshotEvery()), Integer.toString(snapshotsKept),
                Long.toString(CHILD_LIFETIME_MILLIS), Integer.toString(plan.maxBatch()), plan.snapshotMode().name());
            builder.redirectError(stderrFile.toFile());
            process = builder.start();
            stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII),
                1 << 16);
            reader = new Thread(this::read, "crash-reader-" + round);
            reader.setDaemon(true);
            reader.start();
        }

        CompletableFuture<Ack> expect(final String key)
        {
            return expected.computeIfAbsent(key, k -> new CompletableFuture<>());
        }

        void send(final String line) throws IOException
        {
            stdin.write(line);
            stdin.write('\n');
        }

        void flush() throws IOException
        {
            stdin.flush();
        }

        List<Ack> acks()
        {
            synchronized (acks)
            {
                return new ArrayList<>(acks);
            }
        }

        int ackCount()
        {
            return acks.size();
        }

        List<String> warnings()
        {
            return stderr().lines().filter(l -> l.startsWith("WARNING ")).toList();
        }

        String stderr()
        {
            try
            {
                return Files.readString(stderrFile);
            }
            catch (final IOException e)
            {
                return "(unreadable: " + e + ")";
            }
        }

        private void read()
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII), 1 << 16))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    final String[] f = line.split(" ");
                    switch (f[0])
                    {
                        case "ACK" -> onAck(new Ack(round, f[1], Long.parseLong(f[2]), Outcome.valueOf(f[3]), f[4],
                            Boolean.parseBoolean(f[5])));
                        case "RECOVERING" -> recovering.complete(null);
                        case "REPLAYED" -> replayProgress.add(Long.parseLong(f[1]));
                        case "READY" -> ready.complete(new Ready(Long.parseLong(f[1]), UUID.fromString(f[2]),
                            Long.parseLong(f[3]), Long.parseLong(f[4])));
                        case "CLOSED" -> closed.complete(Long.parseLong(f[1]));
                        case "FAILED" -> failures.add(line);
                        default -> unexpected.add(line);
                    }
                }
            }
            catch (final IOException | RuntimeException e)
            {
                unexpected.add("reader: " + e);
            }
            finally
            {
                final IllegalStateException ended = new IllegalStateException(
                    "child output ended; exit=" + (process.isAlive() ? "running" : process.exitValue()) + ", stderr:\n"
                        + stderr());
                recovering.completeExceptionally(ended);
                ready.completeExceptionally(ended);
                closed.completeExceptionally(ended);
                expected.values().forEach(f -> f.completeExceptionally(ended));
            }
        }

        private void onAck(final Ack ack)
        {
            acks.add(ack);
            if (ack.outcome() == Outcome.ACCEPTED && !ack.replayed())
            {
                final String line = lines.get(ack.key());
                if (null != line && line.startsWith("O "))
                {
                    orders.add(new long[] {Long.parseLong(line.split(" ")[1]), ack.sequence()});
                }
            }
            final CompletableFuture<Ack> waiting = expected.get(ack.key());
            if (null != waiting)
            {
                waiting.complete(ack);
            }
        }
    }

    private static String javaBinary()
    {
        return ProcessHandle.current().info().command()
            .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    }
}
