package dev.bourse.journal;

import dev.bourse.engine.Engine;
import dev.bourse.engine.event.EventSink;
import dev.bourse.journal.codec.CommandCodec;
import dev.bourse.journal.log.JournalReader;
import dev.bourse.journal.log.JournalWriter;
import dev.bourse.journal.log.LogFormat;
import dev.bourse.journal.sequencer.Sequencer;
import dev.bourse.journal.snapshot.DerivedState;
import dev.bourse.journal.snapshot.SnapshotStore;
import dev.bourse.journal.snapshot.StateBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A data directory brought back to life: {@link #open} loads the newest valid snapshot, replays the log after it
 * through the given sink (so that layers built from events are rebuilt too), cuts a torn tail, and starts the
 * {@link Sequencer} that appends from there. Snapshots are taken every so many commands or seconds, and at a clean
 * {@link #close}, in one of two ways ({@link SnapshotMode}). By a replica: a copy of the engine and the derived state
 * is loaded beside the live ones at open; for each snapshot the sequencer thread makes the log durable, and the
 * snapshot writer's thread brings the copy to that command by replaying the log, then writes it out. Inline: the
 * sequencer thread serializes the engine's state, the publisher thread takes the derived state at the same command
 * ({@link DerivedState#capture}), and the snapshot writer's thread writes the derived state out and the file. A
 * snapshot that fails is reported and the exchange goes on: the log is the source of truth, and the next snapshot is
 * tried as usual.
 */
public final class Journal implements AutoCloseable
{
    private static final String GIVEN_UP =
        "snapshot replica given up, snapshots are taken inline from now on: no heap for a second copy, error=";

    private final JournalConfig config;
    private final UUID epoch;
    private final Engine engine;
    private final JournalWriter writer;
    private final Sequencer sequencer;
    private final SnapshotStore snapshots;
    private final DerivedState derived;
    // Null when snapshots are taken inline.
    private final SnapshotReplica replica;
    private final Consumer<String> warnings;
    private final ExecutorService snapshotWriter;
    private final long recoveredSequence;
    private final long replayedCommands;
    private long lastSnapshotSequence;
    private long lastSnapshotNanos;
    // At most one snapshot in memory at a time: while one is being written, the next is put off.
    private final AtomicBoolean snapshotInFlight = new AtomicBoolean();
    // Sizes of the last snapshot, a hint for the next one's buffers; written from more than one thread without a lock,
    // which at worst sizes a buffer wrongly.
    private long lastSnapshotBytes;
    private long lastDerivedBytes;

    private Journal(
        final JournalConfig config, final UUID epoch, final Engine engine, final EventSink sink,
        final DerivedState derived, final SnapshotReplica replica, final ExecutorService snapshotWriter,
        final JournalWriter writer, final SnapshotStore snapshots, final long snapshotSequence,
        final long replayedCommands, final Consumer<String> warnings, final LongSupplier clockNanos)
    {
        this.config = config;
        this.epoch = epoch;
        this.engine = engine;
        this.writer = writer;
        this.snapshots = snapshots;
        this.derived = derived;
        this.replica = replica;
        this.snapshotWriter = snapshotWriter;
        this.warnings = warnings;
        this.recoveredSequence = engine.lastSequence();
        this.replayedCommands = replayedCommands;
        this.lastSnapshotSequence = snapshotSequence;
        this.lastSnapshotNanos = System.nanoTime();
        this.sequencer = new Sequencer(engine, sink, writer, config.sequencer(), clockNanos, this::afterBatch);
        sequencer.onFailure(failure -> warnings.accept("the exchange stopped taking commands: " + describe(failure)));
    }

    // The failure with what caused it, then what it interrupted, each with its causes: a full disk shows as an
    // IOException's message. Exception messages on these threads name files, offsets and fields, never a secret.
    private static String describe(final Throwable failure)
    {
        final StringBuilder text = new StringBuilder();
        withCauses(text, failure);
        for (final Throwable suppressed : failure.getSuppressed())
        {
            withCauses(text.append("; after: "), suppressed);
        }
        return text.toString();
    }

    private static void withCauses(final StringBuilder text, final Throwable failure)
    {
        text.append(failure);
        Throwable cause = failure.getCause();
        for (int depth = 0; null != cause && depth < 8; depth++, cause = cause.getCause())
        {
            text.append(", caused by ").append(cause);
        }
    }

    /**
     * The epoch of a data directory, creating the directory and its epoch when new: layers that stamp the epoch on
     * what they derive from replayed events need it before {@link #open}.
     */
    public static UUID epoch(final Path dir, final LongSupplier clockNanos)
    {
        try
        {
            Directories.createDurably(dir);
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot create data directory: directory=" + dir, e);
        }
        UUID epoch = Epochs.read(dir);
        if (null == epoch)
        {
            if (!JournalReader.segments(dir).isEmpty())
            {
                throw new JournalException("log segments without an epoch file: directory=" + dir);
            }
            epoch = Epochs.newEpoch(clockNanos.getAsLong() / 1_000_000);
            Epochs.write(dir, epoch);
        }
        return epoch;
    }

    /** Opens a data directory with nothing derived from events: see the other {@code open}. */
    public static Journal open(
        final JournalConfig config, final EventSink sink, final Consumer<String> warnings,
        final LongSupplier clockNanos)
    {
        return open(config, sink, DerivedState.NONE, warnings, clockNanos);
    }

    /**
     * Opens a data directory, creating it (and its epoch) when new, and recovers it.
     *
     * @param config     the directory and its settings.
     * @param sink       receives the events of replayed commands on the caller's thread, then those of every new one,
     *                   one batch at a time, on whichever of the sequencer's threads delivers the batch.
     * @param derived    what the sink derives from events, saved in snapshots and read back from the one loaded.
     * @param warnings   receives one line for each thing recovery repaired or passed over, each snapshot not taken,
     *                   and why the exchange stopped taking commands if it does (never a secret).
     * @param clockNanos the wall clock, nanoseconds since the epoch, for stamping new commands.
     * @return the journal, its sequencer not yet started.
     * @throws JournalException when the directory cannot be trusted: the message names the file and offset.
     */
    public static Journal open(
        final JournalConfig config, final EventSink sink, final DerivedState derived, final Consumer<String> warnings,
        final LongSupplier clockNanos)
    {
        return open(config, epoch(config.directory(), clockNanos), sink, derived, warnings, clockNanos);
    }

    /**
     * The same for a caller that has read the directory's epoch with {@link #epoch} already, so that it is read once.
     *
     * @param epoch what {@link #epoch} returned for the directory.
     */
    public static Journal open(
        final JournalConfig config, final UUID epoch, final EventSink sink, final DerivedState derived,
        final Consumer<String> warnings, final LongSupplier clockNanos)
    {
        final Path dir = config.directory();

        final SnapshotStore snapshots = new SnapshotStore(dir);
        snapshots.deleteUnfinished().forEach(file -> warnings.accept("deleted unfinished snapshot: file=" + file));
        final boolean periodic = config.snapshotEveryCommands() > 0 || config.snapshotIntervalMillis() > 0;
        final SnapshotReplica replica = periodic && SnapshotMode.REPLICA == config.snapshotMode()
            ? new SnapshotReplica(dir, epoch, snapshots, derived, warnings) : null;
        final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "bourse-snapshot-writer");
            t.setDaemon(true);
            return t;
        });
        // The thread that will own the replica loads it, beside the live state's load here.
        final CompletableFuture<String> replicaLoad = null == replica ? CompletableFuture.completedFuture(null)
            : CompletableFuture.supplyAsync(() -> loadReplica(replica), snapshotWriter);
        try
        {
            return recover(config, epoch, sink, derived, replica, snapshotWriter, snapshots, warnings, clockNanos);
        }
        catch (final RuntimeException | Error e)
        {
            snapshotWriter.shutdown();
            throw e;
        }
        finally
        {
            final String failure = replicaLoad.join();
            if (null != failure)
            {
                warnings.accept(failure);
            }
        }
    }

    private static Journal recover(
        final JournalConfig config, final UUID epoch, final EventSink sink, final DerivedState derived,
        final SnapshotReplica replica, final ExecutorService snapshotWriter, final SnapshotStore snapshots,
        final Consumer<String> warnings, final LongSupplier clockNanos)
    {
        final Path dir = config.directory();
        final List<String> rejected = new ArrayList<>();
        final SnapshotStore.Loaded snapshot = snapshots.loadNewest(epoch, sink, derived, rejected);
        rejected.forEach(reason -> warnings.accept("snapshot passed over: " + reason));
        final Engine engine = null == snapshot ? new Engine(sink) : snapshot.engine();
        final long from = engine.lastSequence() + 1;

        final long[] replayed = {0};
        final JournalReader.Result log = JournalReader.read(dir, from, (sequence, timestamp, payload) ->
        {
            engine.apply(sequence, timestamp, CommandCodec.decode(payload));
            replayed[0]++;
        });
        if (null != log.epoch() && !log.epoch().equals(epoch))
        {
            throw new JournalException("log of another epoch: directory=" + dir + ", log=" + log.epoch()
                + ", epochFile=" + epoch);
        }
        if (log.firstSequence() > from)
        {
            throw new JournalException("log does not reach back to the snapshot: directory=" + dir
                + ", needed=" + from + ", firstInLog=" + log.firstSequence());
        }
        if (null != log.lastSegment() && log.lastSequence() < engine.lastSequence())
        {
            throw new JournalException("snapshot is ahead of the log: directory=" + dir + ", snapshot="
                + engine.lastSequence() + ", log=" + log.lastSequence());
        }
        if (null != log.tornFile())
        {
            warnings.accept("cut torn tail of the log (never acknowledged): file=" + log.tornFile() + ", offset="
                + log.tornOffset() + ", bytes=" + log.tornBytes());
            JournalReader.cutTornTail(log);
        }
        final JournalWriter writer = new JournalWriter(
            dir, epoch, engine.lastSequence(), log.lastSegment(), config.segmentBytes());
        return new Journal(config, epoch, engine, sink, derived, replica, snapshotWriter, writer, snapshots,
            null == snapshot ? 0 : snapshot.sequence(), replayed[0], warnings, clockNanos);
    }

    // Returns the warning to give when it failed: a replica not loaded now is loaded when the first snapshot is due,
    // unless the heap had no room for it.
    private static String loadReplica(final SnapshotReplica replica)
    {
        try
        {
            replica.load();
            return null;
        }
        catch (final RuntimeException e)
        {
            replica.drop();
            return "snapshot replica not loaded at start: error=" + e;
        }
        catch (final OutOfMemoryError e)
        {
            replica.giveUp();
            return GIVEN_UP + e;
        }
    }

    /** The data directory's epoch. */
    public UUID epoch()
    {
        return epoch;
    }

    /** The last sequence number recovered at open. */
    public long recoveredSequence()
    {
        return recoveredSequence;
    }

    /** How many logged commands open replayed after the snapshot. */
    public long replayedCommands()
    {
        return replayedCommands;
    }

    /**
     * SHA-256 of the engine's state, as snapshots record it: what a recovery must reproduce. Only while the sequencer
     * is not running (before its start or after close), since the engine belongs to the sequencer thread.
     */
    public byte[] stateHash()
    {
        return engine.stateHash();
    }

    /** The sequencer, the only way in for commands; call its {@code start()} to accept them. */
    public Sequencer sequencer()
    {
        return sequencer;
    }

    /**
     * Finishes every queued command, makes the log durable, writes a snapshot of the final state, and closes the
     * log.
     */
    @Override
    public void close() throws InterruptedException
    {
        sequencer.close();
        // After a failure the derived state may be half-updated: better no snapshot than one that keeps the damage.
        if (engine.lastSequence() > lastSnapshotSequence && null == sequencer.failure())
        {
            writer.force();
            // Nothing changes the live state any more: the snapshot writer's thread takes it, after any snapshot still
            // in flight, so that one thread holds one snapshot at a time.
            final long sequence = engine.lastSequence();
            snapshotWriter.submit(() -> writeOrWarn(sequence, () -> snapshots.write(epoch, sequence,
                engine.lastTimestampNanos(), serializeEngine(engine), derived.format(),
                serializeDerived(derived::writeState))));
        }
        snapshotWriter.shutdown();
        if (!snapshotWriter.awaitTermination(1, TimeUnit.MINUTES))
        {
            warnings.accept("snapshot writer still busy a minute after close: the last snapshot may be missing, the"
                + " log is whole");
        }
        writer.close();
    }

    // On the sequencer thread, after each batch: take a snapshot when one is due.
    private void afterBatch(final long lastSequence, final long lastTimestampNanos)
    {
        final long now = System.nanoTime();
        final boolean dueByCount = config.snapshotEveryCommands() > 0
            && lastSequence - lastSnapshotSequence >= config.snapshotEveryCommands();
        final boolean dueByTime = config.snapshotIntervalMillis() > 0 && lastSequence > lastSnapshotSequence
            && now - lastSnapshotNanos >= TimeUnit.MILLISECONDS.toNanos(config.snapshotIntervalMillis());
        if ((!dueByCount && !dueByTime) || !snapshotInFlight.compareAndSet(false, true))
        {
            return;
        }
        // Counted as taken even if it fails below, so that a state too big for the heap is not retried every batch.
        lastSnapshotSequence = lastSequence;
        lastSnapshotNanos = now;
        // The log must be durable before any snapshot that includes it, or a power cut could leave the snapshot
        // ahead of the log.
        sequencer.forceLog();
        if (null != replica && replica.active())
        {
            snapshotWriter.submit(() -> writeReplicaSnapshot(lastSequence));
            return;
        }
        final StateBuffer engineState = orWarn(lastSequence, () -> serializeEngine(engine));
        if (null == engineState)
        {
            return;
        }
        sequencer.afterPublished(() ->
        {
            // Taken on the publisher thread, written out on the snapshot writer's.
            final DerivedState.Capture derivedState = orWarn(lastSequence, this::captureDerived);
            if (null != derivedState)
            {
                snapshotWriter.submit(() -> writeSnapshot(lastSequence, lastTimestampNanos, engineState, derivedState));
            }
        });
    }

    // A state that cannot be serialized or taken (no heap left for it) costs this snapshot only.
    private <T> T orWarn(final long sequence, final Supplier<T> taker)
    {
        try
        {
            return taker.get();
        }
        catch (final RuntimeException | OutOfMemoryError e)
        {
            warnings.accept("snapshot not taken: sequence=" + sequence + ", error=" + e);
            snapshotInFlight.set(false);
            return null;
        }
    }

    private StateBuffer serializeEngine(final Engine source)
    {
        final StateBuffer state = serialize(source::writeState, lastSnapshotBytes);
        lastSnapshotBytes = state.size();
        return state;
    }

    private DerivedState.Capture captureDerived()
    {
        try
        {
            return derived.capture();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    // On the snapshot writer's thread.
    private StateBuffer serializeDerived(final DerivedState.Capture capture)
    {
        final StateBuffer state = serialize(capture::writeTo, lastDerivedBytes);
        lastDerivedBytes = state.size();
        return state;
    }

    private static StateBuffer serialize(final DerivedState.Capture source, final long lastBytes)
    {
        try
        {
            // The first chunk sized from the last snapshot: a small state takes little more than it needs.
            final StateBuffer state = new StateBuffer(lastBytes + lastBytes / 8 + (1 << 16));
            source.writeTo(state);
            return state;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSnapshot(
        final long sequence, final long timestampNanos, final StateBuffer engineState,
        final DerivedState.Capture derivedState)
    {
        writeOrWarn(sequence, () -> snapshots.write(epoch, sequence, timestampNanos, engineState, derived.format(),
            serializeDerived(derivedState)));
    }

    // On the snapshot writer's thread: nothing of the live state is touched.
    private void writeReplicaSnapshot(final long sequence)
    {
        writeOrWarn(sequence, () ->
        {
            try
            {
                catchUpReplica(sequence);
                final Engine copy = replica.engine();
                snapshots.write(epoch, sequence, copy.lastTimestampNanos(), serializeEngine(copy), derived.format(),
                    serializeDerived(replica.derived()::writeState));
            }
            catch (final OutOfMemoryError e)
            {
                // Building the copy again would only fill the heap again; its memory is what the live state needs.
                replica.giveUp();
                warnings.accept(GIVEN_UP + e);
                throw e;
            }
        });
    }

    private void catchUpReplica(final long sequence)
    {
        try
        {
            replica.catchUpTo(sequence);
        }
        catch (final RuntimeException e)
        {
            // A command may be half-applied to the copy: the next snapshot builds it afresh.
            replica.drop();
            throw e;
        }
    }

    /** Waits until the snapshot writer has done everything given to it so far: for tests. */
    void awaitSnapshotWriter() throws InterruptedException, ExecutionException
    {
        snapshotWriter.submit(() -> { }).get();
    }

    private void writeOrWarn(final long sequence, final Runnable write)
    {
        try
        {
            write.run();
            prune();
        }
        catch (final RuntimeException | OutOfMemoryError e)
        {
            warnings.accept("snapshot not written: sequence=" + sequence + ", error=" + e.getMessage());
        }
        finally
        {
            snapshotInFlight.set(false);
        }
    }

    // Keeps the newest snapshots and every log segment the oldest kept one still needs; deletes the rest.
    private void prune()
    {
        final List<Path> kept = snapshots.snapshots();
        for (int i = config.snapshotsKept(); i < kept.size(); i++)
        {
            delete(kept.get(i));
        }
        if (kept.size() < config.snapshotsKept())
        {
            return;
        }
        final long oldestKept = SnapshotStore.sequenceOf(kept.get(config.snapshotsKept() - 1));
        final List<Path> segments = JournalReader.segments(config.directory());
        for (int i = 0; i + 1 < segments.size(); i++)
        {
            final long nextFirst = LogFormat.firstSequenceOf(segments.get(i + 1));
            if (nextFirst > oldestKept + 1)
            {
                break;
            }
            delete(segments.get(i));
        }
    }

    private void delete(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException e)
        {
            warnings.accept("cannot delete: file=" + file + ", error=" + e.getMessage());
        }
    }
}
