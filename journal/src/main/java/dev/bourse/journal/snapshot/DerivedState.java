package dev.bourse.journal.snapshot;

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
    };

    /** Names the layout of the bytes, with its version; a snapshot holding another format is passed over. */
    String format();

    /** Writes the state as of the engine's last command; called on the thread that feeds the sink its events. */
    void writeState(DataOutput out) throws IOException;

    /** Replaces the whole state with what {@link #writeState} wrote; called before the log after it is replayed. */
    void readState(DataInput in) throws IOException;
}
