package dev.bourse.journal;

import dev.bourse.engine.Engine;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.event.DiscardingEventSink;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EventRecorder;
import dev.bourse.engine.event.ForwardingEventSink;
import dev.bourse.engine.order.Side;
import dev.bourse.journal.codec.CommandCodec;
import dev.bourse.journal.codec.CommandFormatException;
import dev.bourse.journal.log.JournalReader;
import dev.bourse.journal.log.LogFormat;
import dev.bourse.journal.sequencer.Applied;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.SequencerConfig;
import dev.bourse.journal.sequencer.Submissions;
import dev.bourse.journal.snapshot.DerivedState;
import dev.bourse.journal.snapshot.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest
{
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void shouldComeBackWithTheSameEpochStateAndSequenceAfterACleanClose() throws Exception
    {
        final EventRecorder first = new EventRecorder();
        final Journal journal = open(config(0), first);
        final UUID epoch = journal.epoch();
        submitAll(journal, trading(200));
        final long last = lastSequence(first);
        journal.close();
        assertThat(new SnapshotStore(dir).snapshots()).hasSize(1);

        final EventRecorder second = new EventRecorder();
        final Journal reopened = open(config(0), second);

        assertThat(reopened.epoch()).isEqualTo(epoch);
        assertThat(reopened.recoveredSequence()).isEqualTo(last);
        assertThat(reopened.replayedCommands()).isZero();
        // A new command continues the sequence.
        assertThat(submit(reopened, new CreateAsset("EUR", 2)).sequence()).isEqualTo(last + 1);
        reopened.close();
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldReplayTheLogIntoTheSameEventsWhenThereIsNoSnapshot() throws Exception
    {
        final EventRecorder first = runAndClose(config(0), trading(300));
        deleteSnapshots();

        final EventRecorder replayed = new EventRecorder();
        final Journal reopened = open(config(0), replayed);

        assertThat(reopened.replayedCommands()).isEqualTo(lastSequence(first));
        assertThat(replayed.events()).isEqualTo(first.events());
        reopened.close();
    }

    @Test
    void shouldRecoverTheSameStateHashFromTheSnapshotAndFromTheWholeLog() throws Exception
    {
        final Journal journal = open(config(0), new EventRecorder());
        submitAll(journal, trading(300));
        journal.close();
        final byte[] written = journal.stateHash();

        final Journal fromSnapshot = Journal.open(config(0), new EventRecorder(), warnings::add,
            () -> System.currentTimeMillis() * 1_000_000);
        assertThat(fromSnapshot.replayedCommands()).isZero();
        assertThat(fromSnapshot.stateHash()).isEqualTo(written);
        fromSnapshot.close();
        deleteSnapshots();
        final Journal fromLog = Journal.open(config(0), new EventRecorder(), warnings::add,
            () -> System.currentTimeMillis() * 1_000_000);
        assertThat(fromLog.replayedCommands()).isPositive();
        assertThat(fromLog.stateHash()).isEqualTo(written);
        fromLog.close();
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldWarnOnceWithTheCauseWhenTheExchangeStopsTakingCommands() throws Exception
    {
        final Journal journal = open(config(0), new EventRecorder());
        assertThatThrownBy(() -> submit(journal, new CreateAsset("\uD800", 2)))
            .hasCauseInstanceOf(CommandFormatException.class);
        // Refused from now on as stopped, with why, not as busy.
        assertThatThrownBy(() -> submit(journal, new CreateAsset("USD", 2)))
            .cause().isNotInstanceOf(Submissions.NotQueued.class)
            .hasMessage("the exchange stopped taking commands").hasCauseInstanceOf(CommandFormatException.class);
        journal.close();

        assertThat(warnings).singleElement().asString()
            .startsWith("the exchange stopped taking commands: " + CommandFormatException.class.getName());
    }

    @Test
    void shouldSnapshotEverySoManyCommandsAndPruneWhatNoSnapshotNeeds() throws Exception
    {
        final EventRecorder first = runAndClose(config(100), trading(1_000));

        assertThat(new SnapshotStore(dir).snapshots()).hasSize(2);
        final long firstInLog = JournalReader.read(dir, Long.MAX_VALUE, (s, t, p) -> { }).firstSequence();
        assertThat(firstInLog).isGreaterThan(1);

        final EventRecorder second = new EventRecorder();
        final Journal reopened = open(config(100), second);
        assertThat(reopened.recoveredSequence()).isEqualTo(lastSequence(first));
        reopened.close();
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldCutATornTailWithAWarningAndKeepEveryAcknowledgedCommand() throws Exception
    {
        final EventRecorder first = runAndClose(config(0), trading(50));
        deleteSnapshots();
        final List<Path> segments = JournalReader.segments(dir);
        Files.write(segments.get(segments.size() - 1), new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);

        final Journal reopened = open(config(0), new EventRecorder());

        assertThat(reopened.recoveredSequence()).isEqualTo(lastSequence(first));
        assertThat(warnings).singleElement().asString().startsWith("cut torn tail").contains("bytes=7");
        reopened.close();
    }

    @Test
    void shouldRefuseToStartOnACorruptedRecordNamingFileAndOffset() throws Exception
    {
        runAndClose(config(0), trading(50));
        deleteSnapshots();
        final Path segment = JournalReader.segments(dir).get(0);
        flipBit(segment, 60);

        assertThatThrownBy(() -> open(config(0), new EventRecorder()))
            .isInstanceOf(JournalException.class)
            .hasMessageContaining("file=" + segment)
            .hasMessageContaining("offset=40");
    }

    @Test
    void shouldRepairACorruptedLogOnlyWhenAskedSayingWhatIsLost() throws Exception
    {
        final EventRecorder first = runAndCloseOverSegments();
        final List<Path> segments = JournalReader.segments(dir);
        final Path damaged = segments.get(1);
        final byte[] bytes = flipBit(damaged, 200);
        assertThatThrownBy(() -> open(config(0), new EventRecorder())).isInstanceOf(CorruptLogException.class);

        final JournalRepair.Plan plan = JournalRepair.inspect(dir).orElseThrow();

        assertThat(JournalReader.segments(dir)).as("inspecting changes nothing").isEqualTo(segments);
        assertThat(Files.readAllBytes(damaged)).isEqualTo(bytes);
        assertThat(plan.file()).isEqualTo(damaged);
        assertThat(plan.offset()).isBetween((long)LogFormat.HEADER_LENGTH, 200L);
        assertThat(plan.bytesCut()).isEqualTo(bytes.length - plan.offset());
        assertThat(plan.laterSegments()).isEqualTo(segments.subList(2, segments.size()));
        assertThat(plan.laterSnapshots()).as("the snapshot taken at close")
            .isEqualTo(new SnapshotStore(dir).snapshots()).hasSize(1);
        assertThat(plan.describe()).contains("kept: every command up to sequence " + plan.lastGoodSequence()
            + ", the last good record");

        final List<String> report = new ArrayList<>();
        JournalRepair.apply(plan, report::add);

        assertThat(report).hasSize(1 + plan.laterSegments().size() + 1)
            .last().isEqualTo("truncated: file=" + damaged + ", offset=" + plan.offset() + ", bytes="
                + plan.bytesCut());
        assertThat(JournalReader.segments(dir)).isEqualTo(segments.subList(0, 2));
        assertThat(Files.size(damaged)).isEqualTo(plan.offset());
        assertThat(new SnapshotStore(dir).snapshots()).isEmpty();
        final EventRecorder replayed = new EventRecorder();
        final Journal repaired = open(config(0), replayed);
        assertThat(repaired.recoveredSequence()).isEqualTo(plan.lastGoodSequence()).isLessThan(lastSequence(first));
        assertThat(replayed.events()).as("exactly the commands before the damage")
            .isEqualTo(eventsBefore(first, plan.lastGoodSequence() + 1));
        repaired.close();
        assertThat(JournalRepair.inspect(dir)).isEmpty();
    }

    @Test
    void shouldRefuseARepairThatWouldLeaveNoSnapshotForTheShortenedLogToStartFrom() throws Exception
    {
        // One snapshot kept: at close it prunes every segment but the last, so the log starts after sequence 1.
        runAndClose(new JournalConfig(dir, SequencerConfig.DEFAULT, 4096, 0, 0, 1), trading(300));
        final List<Path> segments = JournalReader.segments(dir);
        assertThat(segments).hasSize(1);
        assertThat(JournalReader.read(dir, Long.MAX_VALUE, (s, t, p) -> { }).firstSequence()).isGreaterThan(1);
        final byte[] bytes = flipBit(segments.get(0), LogFormat.HEADER_LENGTH + LogFormat.RECORD_HEADER_LENGTH);

        assertThatThrownBy(() -> JournalRepair.inspect(dir)).isInstanceOf(JournalException.class)
            .hasMessageStartingWith("cannot repair by cutting the log: bad record: file=" + segments.get(0)
                + ", offset=" + LogFormat.HEADER_LENGTH)
            .hasMessageContaining("no snapshot between sequence");
        assertThat(Files.readAllBytes(segments.get(0))).isEqualTo(bytes);
        assertThat(new SnapshotStore(dir).snapshots()).hasSize(1);
    }

    @Test
    void shouldRepairADamagedSegmentHeaderByDeletingThatSegmentAndEveryLaterOne() throws Exception
    {
        final EventRecorder first = runAndCloseOverSegments();
        final List<Path> segments = JournalReader.segments(dir);
        final Path damaged = segments.get(1);
        final byte[] bytes = flipBit(damaged, LogFormat.HEADER_LENGTH - 1);
        assertThatThrownBy(() -> open(config(0), new EventRecorder())).isInstanceOf(CorruptLogException.class)
            .hasMessage("bad segment header crc: file=" + damaged + ", offset=0");

        final JournalRepair.Plan plan = JournalRepair.inspect(dir).orElseThrow();

        assertThat(plan.file()).isEqualTo(damaged);
        assertThat(plan.offset()).isZero();
        assertThat(plan.bytesCut()).isEqualTo(bytes.length);
        assertThat(plan.lastGoodSequence())
            .isEqualTo(LogFormat.firstSequenceOf(damaged) - 1);
        assertThat(plan.laterSegments()).isEqualTo(segments.subList(2, segments.size()));

        final List<String> report = new ArrayList<>();
        JournalRepair.apply(plan, report::add);

        assertThat(report).last().isEqualTo("deleted: file=" + damaged);
        assertThat(JournalReader.segments(dir)).isEqualTo(segments.subList(0, 1));
        final EventRecorder replayed = new EventRecorder();
        final Journal repaired = open(config(0), replayed);
        assertThat(repaired.recoveredSequence()).isEqualTo(plan.lastGoodSequence());
        assertThat(replayed.events()).as("exactly the commands before the damaged segment")
            .isEqualTo(eventsBefore(first, plan.lastGoodSequence() + 1));
        assertThat(warnings).as("no segment left behind to pass for a torn tail").isEmpty();
        repaired.close();
    }

    @Test
    void shouldRefuseARepairWhileTheEpochFileDisownsTheLog() throws Exception
    {
        runAndClose(config(0), trading(50));
        final UUID logEpoch = Epochs.read(dir);
        final UUID other = Epochs.newEpoch(System.currentTimeMillis());
        Epochs.write(dir, other);
        final String refused = "cannot repair by cutting the log: log of another epoch: directory=" + dir + ", log="
            + logEpoch + ", epochFile=";
        final String why = "; the log and the epoch file must come from the same data directory";
        assertThatThrownBy(() -> open(config(0), new EventRecorder())).isExactlyInstanceOf(JournalException.class)
            .hasMessageStartingWith("log of another epoch");

        assertThatThrownBy(() -> JournalRepair.inspect(dir)).isExactlyInstanceOf(JournalException.class)
            .hasMessage(refused + other + why);

        Files.delete(dir.resolve(Epochs.FILE_NAME));
        assertThatThrownBy(() -> JournalRepair.inspect(dir)).isExactlyInstanceOf(JournalException.class)
            .hasMessage(refused + "missing" + why);
    }

    // The events of every command before the given sequence.
    private static List<EngineEvent> eventsBefore(final EventRecorder recorder, final long sequence)
    {
        final List<EngineEvent> events = recorder.events();
        for (int i = 0; i < events.size(); i++)
        {
            if (events.get(i) instanceof EngineEvent.CommandStarted s && s.sequence() == sequence)
            {
                return events.subList(0, i);
            }
        }
        throw new AssertionError("no command at sequence " + sequence);
    }

    @ParameterizedTest
    @EnumSource(SnapshotMode.class)
    void shouldRestoreDerivedStateFromTheSnapshotAndContinueItWithTheReplayedLog(final SnapshotMode mode)
        throws Exception
    {
        final CommandCounter before = new CommandCounter();
        final Journal journal = openCounting(before, mode);
        journal.sequencer().start();
        submitAll(journal, trading(120));
        final long counted = before.commands;
        // A crash: no snapshot at close, so the log after the last periodic snapshot is replayed.
        journal.sequencer().close();
        journal.awaitSnapshotWriter();

        final CommandCounter after = new CommandCounter();
        final Journal reopened = openCounting(after, mode);

        assertThat(reopened.replayedCommands()).isPositive().isLessThan(counted);
        assertThat(after.commands).isEqualTo(counted);
        reopened.close();

        assertThatThrownBy(() -> Journal.open(config(50, mode), new EventRecorder(), warnings::add,
            () -> System.currentTimeMillis() * 1_000_000))
            .isInstanceOf(JournalException.class).hasMessageContaining("does not reach back");
        assertThat(warnings).anyMatch(w -> w.contains("format=command-counter-1, expected=none"));
    }

    @ParameterizedTest
    @EnumSource(SnapshotMode.class)
    void shouldKeepGoingAndSnapshotLaterWhenAStateCannotBeSerialized(final SnapshotMode mode) throws Exception
    {
        final CommandCounter counter = new CommandCounter();
        counter.failingWrites.set(1);
        final Journal journal = openCounting(counter, mode);
        journal.sequencer().start();
        submitAll(journal, trading(120));
        journal.close();

        assertThat(journal.sequencer().failure()).isNull();
        assertThat(warnings).anyMatch(w -> w.startsWith("snapshot not") && w.contains("no room for the state"));
        assertThat(counter.failingWrites).hasValue(0);
        final CommandCounter after = new CommandCounter();
        final Journal reopened = openCounting(after, mode);
        assertThat(reopened.replayedCommands()).isZero();
        assertThat(after.commands).isEqualTo(counter.commands);
        reopened.close();
    }

    @Test
    void shouldAcknowledgeCommandsWhileTheReplicaTakesASnapshotAndSaveTheStateAsOfItsSequence() throws Exception
    {
        final CommandCounter counter = new CommandCounter(new CountDownLatch(1));
        final Journal journal = openCounting(counter, SnapshotMode.REPLICA);
        journal.sequencer().start();
        for (final Command command : trading(120))
        {
            submit(journal, command);
            if (50 == counter.commands)
            {
                // The replica is now stuck writing its state at 50: the live threads must not wait for it.
                assertThat(counter.writing.await(10, TimeUnit.SECONDS)).as("the replica's snapshot began").isTrue();
            }
        }
        final long live = counter.commands;
        assertThat(live).as("acknowledged while the snapshot was held").isEqualTo(trading(120).size());
        assertThat(new SnapshotStore(dir).snapshots()).as("nothing written while the snapshot is held").isEmpty();

        counter.writeGate.countDown();
        journal.awaitSnapshotWriter();
        assertThat(new SnapshotStore(dir).snapshots()).containsExactly(dir.resolve(SnapshotStore.fileName(50)));
        journal.close();

        final CommandCounter restored = new CommandCounter();
        final SnapshotStore.Loaded loaded = new SnapshotStore(dir).load(dir.resolve(SnapshotStore.fileName(50)),
            journal.epoch(), new EventRecorder(), restored);
        assertThat(restored.commands).as("the derived state as of the snapshot's command").isEqualTo(50);
        final Engine replayed = new Engine(new EventRecorder());
        JournalReader.read(dir, 1, (sequence, timestamp, payload) ->
        {
            if (sequence <= 50)
            {
                replayed.apply(sequence, timestamp, CommandCodec.decode(payload));
            }
        });
        assertThat(loaded.engine().stateHash()).as("the engine as of the snapshot's command")
            .isEqualTo(replayed.stateHash());
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldLoadTheReplicaAgainForTheNextSnapshotWhenItCouldNotBeLoadedAtStart() throws Exception
    {
        final CommandCounter counter = new CommandCounter();
        final Journal journal = runWithReplicaFailingOnce(counter,
            new IllegalStateException("replica cannot read (test)"));

        assertThat(warnings).containsExactly("snapshot replica not loaded at start: error="
            + "java.lang.IllegalStateException: replica cannot read (test)");
        assertThat(counter.replicasMade).as("made again for the first snapshot due, and kept").hasValue(2);
        assertRecoversFromSnapshotAfter(counter, journal.recoveredSequence());
    }

    @Test
    void shouldTakeSnapshotsInlineWhenTheHeapHadNoRoomForTheReplicaAtStart() throws Exception
    {
        final CommandCounter counter = new CommandCounter();
        final Journal journal = runWithReplicaFailingOnce(counter,
            new OutOfMemoryError("no room for a second copy (test)"));

        assertThat(warnings).singleElement().asString().startsWith("snapshot replica given up")
            .contains("no room for a second copy (test)");
        assertThat(counter.replicasMade).as("never made again").hasValue(1);
        assertRecoversFromSnapshotAfter(counter, journal.recoveredSequence());
    }

    @Test
    void shouldFinishTheReplicasSnapshotInFlightAndThenWriteTheLastOneAtClose() throws Exception
    {
        final CommandCounter counter = new CommandCounter(new CountDownLatch(1));
        final Journal journal = openCounting(counter, SnapshotMode.REPLICA);
        journal.sequencer().start();
        submitAll(journal, trading(60));
        assertThat(counter.writing.await(10, TimeUnit.SECONDS)).as("the replica's snapshot began").isTrue();
        final long last = counter.commands;
        final CompletableFuture<Void> closed = CompletableFuture.runAsync(() ->
        {
            try
            {
                journal.close();
            }
            catch (final InterruptedException e)
            {
                throw new IllegalStateException(e);
            }
        });
        try
        {
            assertThatThrownBy(() -> closed.get(200, TimeUnit.MILLISECONDS))
                .as("close waits for the snapshot in flight").isInstanceOf(TimeoutException.class);
        }
        finally
        {
            counter.writeGate.countDown();
        }
        closed.get(30, TimeUnit.SECONDS);
        assertThat(new SnapshotStore(dir).snapshots()).containsExactly(
            dir.resolve(SnapshotStore.fileName(last)), dir.resolve(SnapshotStore.fileName(50)));
        final CommandCounter after = new CommandCounter();
        final Journal reopened = openCounting(after, SnapshotMode.REPLICA);
        assertThat(reopened.replayedCommands()).isZero();
        assertThat(after.commands).isEqualTo(last);
        reopened.close();
        assertThat(warnings).isEmpty();
    }

    // Opens a journal whose derived state, and sink, is the counter.
    private Journal openCounting(final CommandCounter counter, final SnapshotMode mode)
    {
        return Journal.open(config(50, mode), counter, counter, warnings::add,
            () -> System.currentTimeMillis() * 1_000_000);
    }

    // After a run that left snapshots, opens with the first replica's making failing, runs trading through periodic
    // snapshots, and ends as a crash does: no snapshot at close, so only those written while it ran can restore it.
    private Journal runWithReplicaFailingOnce(final CommandCounter counter, final Throwable failure) throws Exception
    {
        runToSnapshots();
        counter.replicaFailures.add(failure);
        final Journal journal = openCounting(counter, SnapshotMode.REPLICA);
        journal.sequencer().start();
        submitAll(journal, trading(120));
        journal.sequencer().close();
        journal.awaitSnapshotWriter();
        return journal;
    }

    // A first run that leaves periodic snapshots and a final one, so that the next open loads one.
    private void runToSnapshots() throws Exception
    {
        final CommandCounter counter = new CommandCounter();
        final Journal journal = openCounting(counter, SnapshotMode.REPLICA);
        journal.sequencer().start();
        submitAll(journal, trading(120));
        journal.close();
        assertThat(new SnapshotStore(dir).snapshots()).isNotEmpty();
        assertThat(warnings).isEmpty();
    }

    // A snapshot newer than the start was written while the journal ran, and a start from it restores the count.
    private void assertRecoversFromSnapshotAfter(final CommandCounter live, final long startedAt) throws Exception
    {
        final CommandCounter after = new CommandCounter();
        final Journal reopened = openCounting(after, SnapshotMode.REPLICA);
        assertThat(reopened.recoveredSequence() - reopened.replayedCommands()).as("the snapshot started from")
            .isGreaterThan(startedAt);
        assertThat(after.commands).isEqualTo(live.commands);
        reopened.close();
    }

    /**
     * Derived state for the test: how many commands it has seen, saved in snapshots. Its replicas share its failures
     * to inject and the gate that holds their writes.
     */
    private static final class CommandCounter extends ForwardingEventSink implements DerivedState
    {
        final AtomicInteger failingWrites;
        final CountDownLatch writing;
        final CountDownLatch writeGate;
        // What making a replica throws, one failure per replica, and how many were asked for.
        final Queue<Throwable> replicaFailures = new ConcurrentLinkedQueue<>();
        final AtomicInteger replicasMade = new AtomicInteger();
        long commands;

        CommandCounter()
        {
            this(new CountDownLatch(0));
        }

        /** A counter whose first write waits until {@code writeGate} opens. */
        CommandCounter(final CountDownLatch writeGate)
        {
            this(new AtomicInteger(), new CountDownLatch(1), writeGate);
        }

        private CommandCounter(
            final AtomicInteger failingWrites, final CountDownLatch writing, final CountDownLatch writeGate)
        {
            super(DiscardingEventSink.INSTANCE);
            this.failingWrites = failingWrites;
            this.writing = writing;
            this.writeGate = writeGate;
        }

        @Override
        public void onCommandStart(final long sequence, final long timestampNanos)
        {
            commands++;
        }

        @Override
        public String format()
        {
            return "command-counter-1";
        }

        @Override
        public void writeState(final DataOutput out) throws IOException
        {
            if (failingWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0)
            {
                throw new IllegalStateException("no room for the state (test)");
            }
            writing.countDown();
            try
            {
                writeGate.await();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            out.writeLong(commands);
        }

        @Override
        public void readState(final DataInput in) throws IOException
        {
            commands = in.readLong();
        }

        @Override
        public Replica newReplica()
        {
            replicasMade.incrementAndGet();
            final Throwable failure = replicaFailures.poll();
            if (failure instanceof RuntimeException e)
            {
                throw e;
            }
            if (failure instanceof Error e)
            {
                throw e;
            }
            if (null != failure)
            {
                throw new IllegalArgumentException("only unchecked failures can be injected", failure);
            }
            final CommandCounter copy = new CommandCounter(failingWrites, writing, writeGate);
            return new Replica(copy, copy);
        }
    }

    // Runs commands through a fresh journal and closes it; returns the events the engine reported.
    private EventRecorder runAndClose(final JournalConfig config, final List<Command> commands) throws Exception
    {
        final EventRecorder events = new EventRecorder();
        final Journal journal = open(config, events);
        submitAll(journal, commands);
        journal.close();
        return events;
    }

    // Trading enough for more than two segments, through a fresh journal that is then closed; returns its events.
    private EventRecorder runAndCloseOverSegments() throws Exception
    {
        final EventRecorder events = runAndClose(config(0), trading(300));
        assertThat(JournalReader.segments(dir)).hasSizeGreaterThan(2);
        return events;
    }

    // Damages a file with one flipped bit; returns its bytes as they are now.
    private static byte[] flipBit(final Path file, final int position) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= 0x10;
        Files.write(file, bytes);
        return bytes;
    }

    // Without snapshots, recovery must replay the whole log.
    private void deleteSnapshots() throws IOException
    {
        for (final Path snapshot : new SnapshotStore(dir).snapshots())
        {
            Files.delete(snapshot);
        }
    }

    private JournalConfig config(final long snapshotEvery, final SnapshotMode mode)
    {
        return config(snapshotEvery).withSnapshotMode(mode);
    }

    private JournalConfig config(final long snapshotEvery)
    {
        return new JournalConfig(dir, SequencerConfig.DEFAULT.withPolicy(DurabilityPolicy.FSYNC), 4096,
            snapshotEvery, 0, 2);
    }

    private Journal open(final JournalConfig config, final EventRecorder sink)
    {
        final Journal journal = Journal.open(config, sink, warnings::add, () -> System.currentTimeMillis() * 1_000_000);
        journal.sequencer().start();
        return journal;
    }

    private static long lastSequence(final EventRecorder recorder)
    {
        long last = 0;
        for (final EngineEvent e : recorder.events())
        {
            if (e instanceof EngineEvent.CommandStarted s)
            {
                last = s.sequence();
            }
        }
        return last;
    }

    private static List<Command> trading(final int orders)
    {
        final List<Command> commands = CrashChild.setup(2);
        for (int i = 0; i < orders; i++)
        {
            final Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
            commands.add(PlaceOrder.limit(1 + i % 2, "USD/NGN", side, 1640_00 + (i * 7) % 20_00, 1_00 + i % 5));
        }
        return commands;
    }

    private static void submitAll(final Journal journal, final List<Command> commands) throws Exception
    {
        for (final Command command : commands)
        {
            submit(journal, command);
        }
    }

    private static Applied submit(final Journal journal, final Command command) throws Exception
    {
        return Submissions.submit(journal.sequencer(), command).get(10, TimeUnit.SECONDS);
    }
}
