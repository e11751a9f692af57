package dev.bourse.journal.sequencer;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EngineEvent;

import java.util.concurrent.CompletableFuture;

/** Submitting a command for a future of what became of it, off the hot path: set-up, admin requests, tests. */
public final class Submissions
{
    private Submissions()
    {
    }

    /**
     * Queues the command. The future completes on the publishing thread once the command is durable, so what is
     * chained to it must not block; it fails at once with {@link NotQueued} if the queue is full or the sequencer is
     * closing, and with an {@link IllegalStateException} caused by {@link Sequencer#failure()} if the exchange stopped
     * on one.
     */
    public static CompletableFuture<Applied> submit(final Sequencer sequencer, final Command command)
    {
        final CompletableFuture<Applied> applied = new CompletableFuture<>();
        final boolean queued = sequencer.trySubmit(command, new CommandCallback()
        {
            @Override
            public void onDurable(final long sequence, final EngineEvent.CommandResult result)
            {
                applied.complete(new Applied(sequence, result));
            }

            @Override
            public void onFailed(final Throwable cause)
            {
                applied.completeExceptionally(cause);
            }
        });
        if (!queued)
        {
            // A stopped exchange is not a busy one: nothing taken later will run either, so no retry is invited.
            final Throwable failure = sequencer.failure();
            applied.completeExceptionally(null == failure ? new NotQueued()
                : new IllegalStateException("the exchange stopped taking commands", failure));
        }
        return applied;
    }

    /** The sequencer's queue was full, or it was closing: the command was not taken. */
    public static final class NotQueued extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        NotQueued()
        {
            super("the exchange is busy or stopping; retry shortly");
        }
    }
}
