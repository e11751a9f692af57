package dev.bourse.journal;

import dev.bourse.engine.Engine;
import dev.bourse.journal.codec.CommandCodec;
import dev.bourse.journal.log.JournalReader;
import dev.bourse.journal.snapshot.DerivedState;
import dev.bourse.journal.snapshot.SnapshotStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A second engine and derived state, kept on the snapshot writer's thread, that replay the log up to each snapshot's
 * command so that it is serialized there ({@link SnapshotMode#REPLICA}): the live threads never wait for a snapshot.
 * Commands are deterministic, so the copy at a sequence is the live state at that sequence, as a recovery would
 * rebuild it. Loaded from the newest snapshot while the journal opens ({@link #load}), beside the live state's own
 * load, so that the garbage collector moves its objects into the old generation before trading starts rather than
 * during it; dropped after a failure to catch up, since a half-applied command may be in it, and built again for the
 * next snapshot, but given up for good when the heap has no room for it. One thread at a time.
 */
final class SnapshotReplica
{
    private final Path directory;
    private final UUID epoch;
    private final SnapshotStore snapshots;
    private final DerivedState live;
    private final Consumer<String> warnings;
    private Engine engine;
    private DerivedState.Replica derived;
    // Read by the sequencer thread to choose how to take the next snapshot.
    private volatile boolean givenUp;

    SnapshotReplica(
        final Path directory, final UUID epoch, final SnapshotStore snapshots, final DerivedState live,
        final Consumer<String> warnings)
    {
        this.directory = directory;
        this.epoch = epoch;
        this.snapshots = snapshots;
        this.live = live;
        this.warnings = warnings;
    }

    /**
     * Brings the copy to {@code sequence}, which must be in the log already, building it first if there is none.
     * After a failure the copy must be {@link #drop}ped.
     */
    void catchUpTo(final long sequence)
    {
        if (null == engine)
        {
            build(warnings);
        }
        if (engine.lastSequence() > sequence)
        {
            throw new IllegalStateException("replica ahead of the snapshot: replica=" + engine.lastSequence()
                + ", snapshot=" + sequence);
        }
        final Engine copy = engine;
        JournalReader.readRange(directory, epoch, copy.lastSequence() + 1, sequence,
            (s, timestampNanos, payload) -> copy.apply(s, timestampNanos, CommandCodec.decode(payload)));
    }

    /** The engine copy, as of the last {@link #catchUpTo}. */
    Engine engine()
    {
        return engine;
    }

    /** The derived state's copy, as of the last {@link #catchUpTo}. */
    DerivedState derived()
    {
        return derived.state();
    }

    /** Lets the copy go: it is built again when next needed. */
    void drop()
    {
        engine = null;
        derived = null;
    }

    /** Lets the copy go for good: the heap has no room for it, and snapshots are to be taken inline. */
    void giveUp()
    {
        drop();
        givenUp = true;
    }

    /** Whether snapshots are still to be taken by this replica. */
    boolean active()
    {
        return !givenUp;
    }

    /**
     * Loads the copy from the newest snapshot, as the journal opens. Snapshots it passes over are not reported: the
     * live state's load, from the same files at the same time, reports them.
     */
    void load()
    {
        build(reason -> { });
    }

    private void build(final Consumer<String> passedOver)
    {
        final DerivedState.Replica fresh = live.newReplica();
        final List<String> rejected = new ArrayList<>();
        final SnapshotStore.Loaded loaded = snapshots.loadNewest(epoch, fresh.sink(), fresh.state(), rejected);
        rejected.forEach(reason -> passedOver.accept("snapshot passed over by the snapshot replica: " + reason));
        engine = null == loaded ? new Engine(fresh.sink()) : loaded.engine();
        derived = fresh;
    }
}
