package dev.bourse.journal.sequencer;

import dev.bourse.engine.event.EngineEvent;

/**
 * A command made durable and applied.
 *
 * @param sequence its sequence number, which is also the id of an order or API key it created.
 * @param result   the engine's result for it.
 */
public record Applied(long sequence, EngineEvent.CommandResult result)
{
}
