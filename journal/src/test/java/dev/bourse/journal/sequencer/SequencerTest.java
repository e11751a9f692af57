package dev.bourse.journal.sequencer;

import dev.bourse.engine.Engine;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.RevokeApiKey;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EventRecorder;
import dev.bourse.engine.event.EventSink;
import dev.bourse.engine.event.ForwardingEventSink;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.order.StpMode;
import dev.bourse.journal.codec.CommandCodec;
import dev.bourse.journal.codec.CommandFormatException;
import dev.bourse.journal.log.FailingDisk;
import dev.bourse.journal.log.JournalReader;
import dev.bourse.journal.log.JournalWriter;
import dev.bourse.journal.log.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class SequencerTest
{
    private static final UUID EPOCH = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");
    private static final int PRODUCERS = 8;
    private static final int PER_PRODUCER = 2_000;

    // Room for BBB's whole record and a few bytes of CCC's: a whole record of a failed batch reaches the file.
    private static final long BBB_AND_PART_OF_CCC =
        LogFormat.RECORD_HEADER_LENGTH + CommandCodec.encode(new CreateAsset("BBB", 2)).length + 5;

    @TempDir
    Path dir;

    // What a sequencer's failure listener heard.
    private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());

    @ParameterizedTest
    @EnumSource(DurabilityPolicy.class)
    void shouldSequenceEveryProducersCommandsInOrderAndAckOnlyWhatIsInTheLog(final DurabilityPolicy policy)
        throws Exception
    {
        final EventRecorder events = new EventRecorder();
        final Engine engine = new Engine(events);
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20);
        final Sequencer sequencer = new Sequencer(engine, new EventRecorder(), writer,
            SequencerConfig.DEFAULT.withPolicy(policy), System::nanoTime, (q, t) -> { });
        sequencer.start();
        final ConcurrentLinkedQueue<long[]> acks = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final CountDownLatch done = new CountDownLatch(PRODUCERS * PER_PRODUCER + 1 + PRODUCERS);

        submitAndWait(sequencer, new CreateAsset("USD", 2), problems, acks, done, -1);
        final List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++)
        {
            final int producer = p;
            producers.add(Thread.ofPlatform().start(() ->
            {
                submitAndWait(sequencer, new CreateAccount(producer + 1, StpMode.EXPIRE_TAKER), problems, acks, done,
                    producer);
                for (int i = 1; i <= PER_PRODUCER; i++)
                {
                    submitAndWait(sequencer, new Deposit(producer + 1, "USD", i, null), problems, acks, done,
                        producer);
                }
            }));
        }
        for (final Thread t : producers)
        {
            t.join();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        sequencer.close();

        assertThat(problems).isEmpty();
        final List<Long> sequences = new ArrayList<>();
        for (final long[] ack : acks)
        {
            sequences.add(ack[0]);
        }
        Collections.sort(sequences);
        assertThat(sequences).hasSize(1 + PRODUCERS + PRODUCERS * PER_PRODUCER);
        for (int i = 0; i < sequences.size(); i++)
        {
            assertThat(sequences.get(i)).isEqualTo(i + 1L);
        }
        for (int p = 0; p < PRODUCERS; p++)
        {
            assertThat(engine.available(p + 1, "USD")).isEqualTo((long)PER_PRODUCER * (PER_PRODUCER + 1) / 2);
        }

        // The log alone rebuilds the same state.
        final Engine replayed = new Engine(new EventRecorder());
        JournalReader.read(dir, 1, (sequence, timestamp, payload) ->
            replayed.apply(sequence, timestamp, CommandCodec.decode(payload)));
        assertThat(replayed.stateHash()).isEqualTo(engine.stateHash());
    }

    @Test
    void shouldRefuseCommandsWhenTheQueueIsFullAndAckEveryAcceptedOne() throws Exception
    {
        final Engine engine = new Engine(new EventRecorder());
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20);
        final Sequencer sequencer = sequencer(engine, new EventRecorder(), writer, 4, 1);
        sequencer.neverPublishInline();
        sequencer.start();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);
        final AtomicLong acked = new AtomicLong();
        // The first callback holds the publisher thread; the sequencer runs ahead until the publisher's ring is full
        // and it waits with one more batch in hand; then the queue fills up behind it.
        assertThat(sequencer.trySubmit(new CreateAsset("USD", 2), new Callback(() ->
        {
            blocked.countDown();
            await(release);
            acked.incrementAndGet();
        }))).isTrue();
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < Publisher.SLOTS; i++)
        {
            assertThat(sequencer.trySubmit(new CreateAsset("R" + i, 2), new Callback(acked::incrementAndGet)))
                .isTrue();
            awaitQueueDepth(sequencer, 0);
        }

        int accepted = 0;
        while (sequencer.trySubmit(new CreateAsset("A" + accepted, 2), new Callback(acked::incrementAndGet)))
        {
            accepted++;
            assertThat(accepted).isLessThanOrEqualTo(4);
        }
        assertThat(accepted).isEqualTo(4);
        assertThat(sequencer.queueDepth()).isEqualTo(4);
        assertThat(acked.get()).isZero();

        release.countDown();
        sequencer.close();
        assertThat(acked.get()).isEqualTo(1 + Publisher.SLOTS + 4);
        assertThat(engine.lastSequence()).isEqualTo(1 + Publisher.SLOTS + 4);
    }

    @Test
    void shouldDeliverASmallBatchItselfWhenIdleWhileThePublisherSleepsAndHandOverTheRest() throws Exception
    {
        final Engine engine = new Engine(new EventRecorder());
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20);
        final CountDownLatch firstApplied = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Sequencer sequencer = new Sequencer(engine, new EventRecorder(), writer,
            new SequencerConfig(DurabilityPolicy.NONE, 10, 1024, 256), System::nanoTime, (last, timestamp) ->
            {
                if (1 == last)
                {
                    firstApplied.countDown();
                    await(release);
                }
            });
        sequencer.start();
        awaitPublisherAsleep(sequencer);
        final Map<String, String> threads = new ConcurrentHashMap<>();
        final int large = Publisher.MAX_INLINE_COMMANDS + 1;
        final CountDownLatch answered = new CountDownLatch(2 + large);
        assertThat(sequencer.trySubmit(new CreateAsset("A", 2), new Callback(() ->
        {
            threads.put("first", Thread.currentThread().getName());
            answered.countDown();
        }))).isTrue();
        // While the sequencer is held after the first command, a large batch queues up behind it.
        await(firstApplied);
        for (int i = 0; i < large; i++)
        {
            assertThat(sequencer.trySubmit(new CreateAsset("L" + i, 2), new Callback(() ->
            {
                threads.merge("large", Thread.currentThread().getName(), (a, b) -> a.equals(b) ? a : a + "," + b);
                answered.countDown();
            }))).isTrue();
        }
        release.countDown();
        awaitQueueDepth(sequencer, 0);
        awaitPublisherAsleep(sequencer);
        assertThat(sequencer.trySubmit(new CreateAsset("B", 2), new Callback(() ->
        {
            threads.put("last", Thread.currentThread().getName());
            answered.countDown();
        }))).isTrue();
        await(answered);
        sequencer.close();

        // The first was small, but the sequencer had the large batch waiting: it handed the first over too.
        assertThat(threads).containsEntry("first", "bourse-publisher").containsEntry("large", "bourse-publisher")
            .containsEntry("last", "bourse-sequencer");
        assertThat(engine.lastSequence()).isEqualTo(2 + large);
    }

    private static void awaitPublisherAsleep(final Sequencer sequencer) throws InterruptedException
    {
        await("publisher asleep", sequencer::publisherAsleep);
    }

    private static void awaitQueueDepth(final Sequencer sequencer, final int depth) throws InterruptedException
    {
        await("queue depth " + depth + " reached", () -> sequencer.queueDepth() == depth);
    }

    private static void await(final String what, final BooleanSupplier reached) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!reached.getAsBoolean())
        {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void shouldAnswerEveryAcceptedCommandExactlyOnceWhenClosedUnderLoad() throws Exception
    {
        final Engine engine = new Engine(new EventRecorder());
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20);
        final Sequencer sequencer = sequencer(engine, new EventRecorder(), writer, 64, 8);
        sequencer.start();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final CommandCallback callback = new CommandCallback()
        {
            @Override
            public void onDurable(final long sequence, final EngineEvent.CommandResult result)
            {
                answered.incrementAndGet();
            }

            @Override
            public void onFailed(final Throwable cause)
            {
                answered.incrementAndGet();
            }
        };
        final CountDownLatch started = new CountDownLatch(4);
        final List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++)
        {
            producers.add(Thread.ofPlatform().start(() ->
            {
                started.countDown();
                for (int i = 0; i < 200_000; i++)
                {
                    if (sequencer.trySubmit(new RevokeApiKey(i), callback))
                    {
                        accepted.incrementAndGet();
                    }
                }
            }));
        }
        started.await();
        sequencer.close();
        for (final Thread t : producers)
        {
            t.join();
        }

        assertThat(sequencer.trySubmit(new RevokeApiKey(1), callback)).isFalse();
        assertThat(answered.get()).isEqualTo(accepted.get()).isPositive();
    }

    @Test
    void shouldKeepGoingWhenAnAcknowledgementCallbackThrows() throws Exception
    {
        final Engine engine = new Engine(new EventRecorder());
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20);
        final Sequencer sequencer = sequencer(engine, new EventRecorder(), writer, 16, 1);
        sequencer.start();
        assertThat(sequencer.trySubmit(new CreateAsset("USD", 2), new Callback(() ->
        {
            throw new IllegalStateException("a gateway bug");
        }))).isTrue();
        final CountDownLatch second = new CountDownLatch(1);
        assertThat(sequencer.trySubmit(new CreateAsset("EUR", 2), new Callback(second::countDown))).isTrue();

        assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
        sequencer.close();
        assertThat(sequencer.failure()).isNull();
        assertThat(sequencer.callbackErrors()).isEqualTo(1);
        assertThat(engine.lastSequence()).isEqualTo(2);
    }

    @ParameterizedTest(name = "delivered by the sequencer when it can: {0}")
    @ValueSource(booleans = {true, false})
    void shouldStopAndFailWhatIsLeftWhenTheSinkThrows(final boolean inline) throws Exception
    {
        final Engine engine = new Engine(new EventRecorder());
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20);
        final IllegalStateException bug = new IllegalStateException("a projection bug");
        final EventSink sink = new ForwardingEventSink(new EventRecorder())
        {
            @Override
            public void onAssetCreated(final int assetId, final String code, final int scale)
            {
                if ("BAD".equals(code))
                {
                    throw bug;
                }
            }
        };
        final Sequencer sequencer = sequencer(engine, sink, writer, 16, 1);
        if (!inline)
        {
            sequencer.neverPublishInline();
        }
        sequencer.onFailure(reported::add);
        sequencer.start();
        final CountDownLatch first = new CountDownLatch(1);
        assertThat(sequencer.trySubmit(new CreateAsset("USD", 2), new Callback(first::countDown))).isTrue();
        await(first);
        // So that the sequencer delivers the next batch if it may.
        awaitPublisherAsleep(sequencer);

        final AtomicLong answers = new AtomicLong();
        final Answer bad = new Answer()
        {
            @Override
            public void onFailed(final Throwable cause)
            {
                answers.incrementAndGet();
                super.onFailed(cause);
                throw new IllegalStateException("and a gateway bug");
            }
        };
        assertThat(sequencer.trySubmit(new CreateAsset("BAD", 2), bad)).isTrue();
        await(bad.done);
        assertThat(bad.failure).isSameAs(bug);
        assertThat(sequencer.failure()).isSameAs(bug);
        final Answer later = new Answer();
        if (sequencer.trySubmit(new CreateAsset("EUR", 2), later))
        {
            await(later.done);
            assertThat(later.failure).isNotNull();
        }
        sequencer.close();
        assertThat(later.sequence).isZero();
        assertThat(answers).as("answered once").hasValue(1);
        assertThat(sequencer.callbackErrors()).isEqualTo(1);
        // Heard once, though the sequencer too stops on it ("publisher failed") when it next hands over a batch.
        assertThat(reported).containsExactly(bug);
    }

    @Test
    void shouldAnswerTheCommandAnObserverThrewOnAsAppliedAndStop() throws Exception
    {
        final Engine engine = new Engine(new EventRecorder());
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20);
        final IllegalStateException bug = new IllegalStateException("a metrics bug");
        final Sequencer sequencer = sequencer(engine, new EventRecorder(), writer, 16, 1);
        sequencer.observer(throwingOn("BAD", bug));
        sequencer.start();

        final Answer observed = new Answer();
        assertThat(sequencer.trySubmit(new CreateAsset("BAD", 2), observed)).isTrue();
        await(observed.done);
        assertThat(observed.failure).isNull();
        assertThat(observed.sequence).isEqualTo(1);
        assertThat(sequencer.failure()).isSameAs(bug);
        sequencer.close();
        assertThat(engine.lastSequence()).isEqualTo(1);
    }

    @Test
    void shouldLeaveNoCommandOfABatchThatCannotBeLoggedInTheLog() throws Exception
    {
        final Engine engine = new Engine(new EventRecorder());
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20);
        final Sequencer sequencer = sequencer(engine, new EventRecorder(), writer, 16, 16);
        // Queued before the start, so that one batch takes both: the first encodes, the second cannot.
        final Answer first = new Answer();
        final Answer unencodable = new Answer();
        assertThat(sequencer.trySubmit(new CreateAsset("USD", 2), first)).isTrue();
        assertThat(sequencer.trySubmit(new CreateAsset("\uD800", 2), unencodable)).isTrue();
        sequencer.start();
        await(first.done);
        await(unencodable.done);
        sequencer.close();
        writer.close();

        assertThat(sequencer.failure()).isInstanceOf(CommandFormatException.class);
        assertThat(first.failure).isSameAs(sequencer.failure());
        assertThat(unencodable.failure).isSameAs(sequencer.failure());
        // Both were answered as failed: neither may come back at the next start.
        assertThat(JournalReader.read(dir, Long.MAX_VALUE, (s, t, p) -> { }).lastSequence()).isZero();
        assertThat(engine.lastSequence()).isZero();
    }

    @ParameterizedTest
    @EnumSource(DurabilityPolicy.class)
    void shouldCutABatchWrittenInPartOutOfTheLog(final DurabilityPolicy policy) throws Exception
    {
        final FailingDisk disk = new FailingDisk();
        final Answer[] answers = logAloneThenTogether(policy, disk,
            () -> disk.fillUpAfter(BBB_AND_PART_OF_CCC), SequencerObserver.NONE);

        assertOnlyTheFirstKept(answers, "cannot write log");
    }

    @Test
    void shouldCutABatchThatCouldNotBeMadeDurableOutOfTheLog() throws Exception
    {
        final FailingDisk disk = new FailingDisk();
        final Answer[] answers = logAloneThenTogether(DurabilityPolicy.FSYNC, disk, disk::failNextForce,
            SequencerObserver.NONE);

        assertOnlyTheFirstKept(answers, "cannot fsync log");
    }

    @Test
    void shouldReportACutThatFailedAsTheFailureSinceTheBatchMayComeBack() throws Exception
    {
        final FailingDisk disk = new FailingDisk();
        final Answer[] answers = logAloneThenTogether(DurabilityPolicy.FSYNC, disk, () ->
        {
            disk.fillUpAfter(BBB_AND_PART_OF_CCC);
            disk.failNextForce();
        }, SequencerObserver.NONE);

        assertThat(answers[0].failure).isNull();
        assertThat(answers[1].failure)
            .hasMessageStartingWith("cannot cut the log back after a failure: records after sequence 1 may come back")
            .satisfies(f -> assertThat(f.getSuppressed()).singleElement()
                .satisfies(s -> assertThat(s).hasMessageStartingWith("cannot write log")));
        assertThat(answers[2].failure).isSameAs(answers[1].failure);
    }

    @Test
    void shouldStopButKeepWhatWasAnsweredWhenThePeriodicSyncOfWriteFails() throws Exception
    {
        final FailingDisk disk = new FailingDisk();
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20, disk.opener());
        // Long enough that both commands are answered after their write, before the first periodic sync is due.
        final Sequencer sequencer = new Sequencer(new Engine(new EventRecorder()), new EventRecorder(), writer,
            new SequencerConfig(DurabilityPolicy.WRITE, 2_000, 16, 16), System::nanoTime, (q, t) -> { });
        final CountDownLatch stopped = new CountDownLatch(1);
        sequencer.onFailure(f ->
        {
            reported.add(f);
            stopped.countDown();
        });
        sequencer.start();
        final Answer[] answers = {new Answer(), new Answer(), new Answer()};
        assertThat(sequencer.trySubmit(new CreateAsset("AAA", 2), answers[0])).isTrue();
        await(answers[0].done);
        // The segment was made (and synced) when the writer opened: the sync that fails is the periodic one.
        disk.failNextForce();
        assertThat(sequencer.trySubmit(new CreateAsset("BBB", 2), answers[1])).isTrue();
        await(answers[1].done);

        await(stopped);
        assertThat(answers[0].failure).isNull();
        assertThat(answers[1].failure).isNull();
        assertThat(reported).singleElement()
            .satisfies(f -> assertThat(f).hasMessageStartingWith("cannot fsync log"))
            .isSameAs(sequencer.failure());
        assertThat(sequencer.trySubmit(new CreateAsset("CCC", 2), answers[2])).isFalse();
        sequencer.close();
        writer.close();
        // Answered under write, so kept: the cut after the failure removes nothing that was acknowledged.
        assertLogHoldsExactly(1, 2);
    }

    @Test
    void shouldKeepInTheLogExactlyTheCommandsOfAFailedBatchThatWereAnswered() throws Exception
    {
        final IllegalStateException bug = new IllegalStateException("a metrics bug");
        final Answer[] answers = logAloneThenTogether(DurabilityPolicy.FSYNC, new FailingDisk(), () -> { },
            throwingOn("BBB", bug));

        // The observer threw on BBB once it was applied: BBB is answered as done, CCC as failed.
        assertThat(answers[0].failure).isNull();
        assertThat(answers[1].failure).isNull();
        assertThat(answers[1].sequence).isEqualTo(2);
        assertThat(answers[2].failure).isSameAs(bug);
        assertLogHoldsExactly(1, 2);
    }

    @Test
    void shouldTellASinkThatWantsItWhereEachBatchBeginsAndEnds() throws Exception
    {
        final Engine engine = new Engine(new EventRecorder());
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20);
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final class BoundedSink extends ForwardingEventSink implements BatchBounds
        {
            BoundedSink()
            {
                super(new EventRecorder());
            }

            @Override
            public void onBatchStart()
            {
                seen.add("start");
            }

            @Override
            public void onBatchEnd()
            {
                seen.add("end");
            }
        }
        final Sequencer sequencer = sequencer(engine, new BoundedSink(), writer, 16, 1);
        sequencer.start();
        for (int i = 0; i < 3; i++)
        {
            final CountDownLatch acked = new CountDownLatch(1);
            final int n = i;
            assertThat(sequencer.trySubmit(new CreateAsset("A" + i, 2), new Callback(() ->
            {
                seen.add("ack " + n);
                acked.countDown();
            }))).isTrue();
            await(acked);
        }
        sequencer.close();

        assertThat(seen).containsExactly("start", "ack 0", "end", "start", "ack 1", "end", "start", "ack 2", "end");
    }

    /** Keeps what became of one command. */
    private static class Answer implements CommandCallback
    {
        final CountDownLatch done = new CountDownLatch(1);
        volatile long sequence;
        volatile Throwable failure;

        @Override
        public void onDurable(final long sequence, final EngineEvent.CommandResult result)
        {
            this.sequence = sequence;
            done.countDown();
        }

        @Override
        public void onFailed(final Throwable cause)
        {
            failure = cause;
            done.countDown();
        }
    }

    @Test
    void shouldNeverLetEngineTimeGoBackwardsWhenTheClockDoes() throws Exception
    {
        final EventRecorder events = new EventRecorder();
        final Engine engine = new Engine(events);
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20);
        final long[] clock = {1_000_000};
        final Sequencer sequencer = new Sequencer(engine, events, writer,
            new SequencerConfig(DurabilityPolicy.NONE, 10, 16, 1), () -> clock[0] -= 1000, (q, t) -> { });
        sequencer.start();
        final CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++)
        {
            while (!sequencer.trySubmit(new CreateAsset("A" + i, 2), new Callback(done::countDown)))
            {
                Thread.onSpinWait();
            }
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        sequencer.close();

        final List<Long> times = new ArrayList<>();
        for (final EngineEvent e : events.events())
        {
            if (e instanceof EngineEvent.CommandStarted s)
            {
                times.add(s.timestampNanos());
            }
        }
        assertThat(times).hasSize(3).isSorted();
    }

    // An observer that throws once the asset with this code is applied.
    private static SequencerObserver throwingOn(final String code, final RuntimeException bug)
    {
        return new SequencerObserver()
        {
            @Override
            public void onBatch(final int commands, final long forceNanos, final long applyNanos)
            {
            }

            @Override
            public void onCommand(final Command command, final EngineEvent.CommandResult result)
            {
                if (command instanceof CreateAsset c && code.equals(c.code()))
                {
                    throw bug;
                }
            }
        };
    }

    // AAA is logged and answered alone; then the fault is set, and BBB and CCC are logged together, in one batch.
    private Answer[] logAloneThenTogether(
        final DurabilityPolicy policy, final FailingDisk disk, final Runnable fault, final SequencerObserver observer)
        throws Exception
    {
        final CountDownLatch firstApplied = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20, disk.opener());
        final Sequencer sequencer = new Sequencer(new Engine(new EventRecorder()), new EventRecorder(), writer,
            new SequencerConfig(policy, 10, 16, 16), System::nanoTime, (lastSequence, timestamp) ->
            {
                if (1 == lastSequence)
                {
                    firstApplied.countDown();
                    await(release);
                }
            });
        sequencer.observer(observer);
        sequencer.onFailure(reported::add);
        sequencer.start();
        final Answer[] answers = {new Answer(), new Answer(), new Answer()};
        try
        {
            assertThat(sequencer.trySubmit(new CreateAsset("AAA", 2), answers[0])).isTrue();
            // The sequencer holds on to AAA's batch until both others are queued: its next drain takes both.
            await(firstApplied);
            fault.run();
            assertThat(sequencer.trySubmit(new CreateAsset("BBB", 2), answers[1])).isTrue();
            assertThat(sequencer.trySubmit(new CreateAsset("CCC", 2), answers[2])).isTrue();
            assertThat(sequencer.queueDepth()).isEqualTo(2);
        }
        finally
        {
            release.countDown();
        }
        for (final Answer answer : answers)
        {
            await(answer.done);
        }
        sequencer.close();
        writer.close();
        assertThat(reported).containsExactly(sequencer.failure());
        return answers;
    }

    // AAA answered and kept; BBB and CCC failed for the one reason given, and cut out of the log.
    private void assertOnlyTheFirstKept(final Answer[] answers, final String failure)
    {
        assertThat(answers[0].failure).isNull();
        assertThat(answers[1].failure).hasMessageStartingWith(failure).hasNoSuppressedExceptions();
        assertThat(answers[2].failure).isSameAs(answers[1].failure);
        assertLogHoldsExactly(1);
    }

    // What the next start would find: these records, and no torn bytes after them.
    private void assertLogHoldsExactly(final long... sequences)
    {
        final List<Long> logged = new ArrayList<>();
        final JournalReader.Result result = JournalReader.read(dir, 1, (s, t, p) -> logged.add(s));
        assertThat(logged).containsExactly(Arrays.stream(sequences).boxed().toArray(Long[]::new));
        assertThat(result.tornBytes()).isZero();
    }

    // A sequencer under policy none, on the system clock, that hears of no batch.
    private static Sequencer sequencer(
        final Engine engine, final EventSink sink, final JournalWriter writer, final int queueCapacity,
        final int maxBatch)
    {
        return new Sequencer(engine, sink, writer, new SequencerConfig(DurabilityPolicy.NONE, 10, queueCapacity,
            maxBatch), System::nanoTime, (q, t) -> { });
    }

    private void submitAndWait(
        final Sequencer sequencer, final Command command, final ConcurrentLinkedQueue<String> problems,
        final ConcurrentLinkedQueue<long[]> acks, final CountDownLatch done, final int producer)
    {
        final CountDownLatch acked = new CountDownLatch(1);
        final CommandCallback callback = new CommandCallback()
        {
            @Override
            public void onDurable(final long sequence, final EngineEvent.CommandResult result)
            {
                if (result.outcome() != Outcome.ACCEPTED)
                {
                    problems.add("rejected: " + command + " " + result);
                }
                // Acknowledged means in the log: reading it back must find this sequence (checked now and then,
                // as reading the whole log on every ack would dominate the test).
                if (sequence % 97 == 0
                    && JournalReader.read(dir, Long.MAX_VALUE, (s, t, p) -> { }).lastSequence() < sequence)
                {
                    problems.add("acknowledged before it was written: sequence=" + sequence);
                }
                acks.add(new long[] {sequence, producer});
                done.countDown();
                acked.countDown();
            }

            @Override
            public void onFailed(final Throwable cause)
            {
                problems.add("failed: " + cause);
                done.countDown();
                acked.countDown();
            }
        };
        while (!sequencer.trySubmit(command, callback))
        {
            Thread.onSpinWait();
        }
        // Wait for the ack so that this producer's commands must come out in the order it sent them.
        await(acked);
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            if (!latch.await(30, TimeUnit.SECONDS))
            {
                throw new AssertionError("timed out waiting");
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A callback that runs an action on success and records nothing on failure. */
    private record Callback(Runnable onSuccess) implements CommandCallback
    {
        @Override
        public void onDurable(final long sequence, final EngineEvent.CommandResult result)
        {
            onSuccess.run();
        }

        @Override
        public void onFailed(final Throwable cause)
        {
            throw new AssertionError("command failed", cause);
        }
    }
}
