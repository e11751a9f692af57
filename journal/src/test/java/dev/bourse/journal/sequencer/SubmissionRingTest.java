package dev.bourse.journal.sequencer;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.event.EngineEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionRingTest
{
    private static final CommandCallback IGNORED = new CommandCallback()
    {
        @Override
        public void onDurable(final long sequence, final EngineEvent.CommandResult result)
        {
        }

        @Override
        public void onFailed(final Throwable cause)
        {
        }
    };

    @Test
    void shouldHoldExactlyTheCapacityAskedForEvenWhenItIsNotAPowerOfTwo()
    {
        final SubmissionRing ring = new SubmissionRing(3);
        for (int i = 0; i < 3; i++)
        {
            assertThat(ring.offer(new CreateAsset("A" + i, 2), IGNORED)).isTrue();
        }

        assertThat(ring.offer(new CreateAsset("X", 2), IGNORED)).isFalse();
        assertThat(ring.size()).isEqualTo(3);

        final Command[] commands = new Command[8];
        assertThat(ring.drain(commands, new CommandCallback[8], 8)).isEqualTo(3);
        assertThat(ring.offer(new CreateAsset("B", 2), IGNORED)).isTrue();
    }
}
