package dev.bourse.journal.snapshot;

import dev.bourse.engine.event.DiscardingEventSink;
import dev.bourse.engine.event.EventSink;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State that a later layer derives from the engine's events (topic sequence numbers, replay rings, order history),
 * saved in each snapshot right after the engine's state, so that a restart from a snapshot rebuilds it as exactly
 * as a replay of the whole log would.
 */
public interface DerivedState
{
    /** Nothing derived: writes and reads no bytes. */
    DerivedState NONE = new DerivedState()
    {
        @Override
        public String format()
        {
            return "none";
        }

        @Override
        public void writeState(final DataOutput out)
        {
        }

        @Override
        public void readState(final DataInput in)
        {
        }

        @Override
        public Replica newReplica()
        {
            return new Replica(DiscardingEventSink.INSTANCE, this);
        }
    };

    /** Names the layout of the bytes, with its version; a snapshot holding a format it does not read is passed over. */
    String format();

    /** Whether it reads a snapshot of this format: its own, and older ones it still reads so an upgrade keeps them. */
    default boolean reads(final String format)
    {
        return format().equals(format);
    }

    /**
     * Writes the state as of the engine's last command; called on the thread that feeds the sink its events, or on
     * another once no more events come.
     */
    void writeState(DataOutput out) throws IOException;

    /**
     * Takes the state as of the engine's last command, on the thread that feeds the sink its events, to be written
     * on another: a snapshot holds that thread, and every event behind it, only as long as this takes. The default
     * writes the state into memory at once; a state whose parts never change once published can do less.
     */
    default Capture capture() throws IOException
    {
        final StateBuffer now = new StateBuffer(1 << 16);
        writeState(now);
        return now::writeTo;
    }

    /** Replaces the whole state with what {@link #writeState} wrote; called before the log after it is replayed. */
    void readState(DataInput in) throws IOException;

    /** As {@link #readState(DataInput)}, from bytes of a format it {@link #reads}. */
    default void readState(final DataInput in, final String format) throws IOException
    {
        readState(in);
    }

    /**
     * A new, empty state of the same kind with the sink that derives it from events, for the replica that takes
     * snapshots on the snapshot writer's thread: nothing else ever sees it, so it must tell nobody of what it derives.
     */
    Replica newReplica();

    /**
     * A state and the sink that derives it.
     *
     * @param sink  receives the replica engine's events.
     * @param state what the sink derives, as {@link #readState} loads it and {@link #writeState} writes it.
     */
    record Replica(EventSink sink, DerivedState state)
    {
    }

    /** State taken by {@link #capture}: writes what {@link #writeState} wrote then, on any thread. */
    @FunctionalInterface
    interface Capture
    {
        /** Writes the state as it was when taken. */
        void writeTo(DataOutput out) throws IOException;
    }
}
