package dev.bourse.journal.sequencer;

import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedBatchTest
{
    @Test
    void shouldDropOnlyTheEventsOfTheCommandThatDidNotFinish()
    {
        final AppliedBatch batch = new AppliedBatch(4);
        batch.events.onCommandStart(1, 10);
        batch.events.onAccountCreated(7);
        batch.events.onCommandResult(Outcome.ACCEPTED, null, 0, 0, null, false);
        final int finished = batch.events.events().size();
        batch.events.onCommandStart(2, 10);
        batch.events.onAccountCreated(8);

        batch.dropUnfinishedCommand();

        assertThat(batch.events.events()).hasSize(finished)
            .last().isInstanceOf(EngineEvent.CommandResult.class);
    }
}
