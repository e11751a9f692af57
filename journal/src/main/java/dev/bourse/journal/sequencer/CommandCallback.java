package dev.bourse.journal.sequencer;

import dev.bourse.engine.event.EngineEvent;

/**
 * Hears what became of one submitted command; called on the thread publishing its batch (the publisher's, or the
 * sequencer's for a small batch while the publisher sleeps), so it must not block.
 */
public interface CommandCallback
{
    /**
     * The command is durable under the policy and was applied.
     *
     * @param sequence the sequence number it was given.
     * @param result   the engine's result for it.
     */
    void onDurable(long sequence, EngineEvent.CommandResult result);

    /** The command could not be made durable; it was not applied and never will be. */
    void onFailed(Throwable cause);
}
