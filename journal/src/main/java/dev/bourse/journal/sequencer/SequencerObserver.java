package dev.bourse.journal.sequencer;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EngineEvent;

/**
 * Hears what the sequencer does, for metrics. Called on the sequencer thread between batches and commands, so an
 * implementation must only count: no locks, no I/O.
 */
public interface SequencerObserver
{
    /** Observes nothing. */
    SequencerObserver NONE = new SequencerObserver()
    {
        @Override
        public void onBatch(final int commands, final long forceNanos, final long applyNanos)
        {
        }

        @Override
        public void onCommand(final Command command, final EngineEvent.CommandResult result)
        {
        }
    };

    /**
     * A batch was made durable and applied.
     *
     * @param commands   commands in the batch.
     * @param forceNanos how long its fsync took, or -1 when the policy did not fsync it.
     * @param applyNanos how long the engine took to apply the whole batch.
     */
    void onBatch(int commands, long forceNanos, long applyNanos);

    /** A command was applied with this result. */
    void onCommand(Command command, EngineEvent.CommandResult result);
}
