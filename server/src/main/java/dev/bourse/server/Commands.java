package dev.bourse.server;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.Outcome;
import dev.bourse.journal.sequencer.Sequencer;
import dev.bourse.journal.sequencer.Submissions;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Submitting a command and waiting for its result, for start-up and set-up work, off any event loop. */
public final class Commands
{
    private static final long TIMEOUT_SECONDS = 30;

    private Commands()
    {
    }

    /**
     * Waits for the command's result, retrying while the queue refuses it; a command taken and then failed is not
     * retried.
     */
    public static EngineEvent.CommandResult await(final Sequencer sequencer, final Command command)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true)
        {
            try
            {
                return Submissions.submit(sequencer, command).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).result();
            }
            catch (final ExecutionException e)
            {
                if (!(e.getCause() instanceof Submissions.NotQueued) || System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("command not executed: " + command.getClass().getSimpleName(),
                        e.getCause());
                }
                Thread.sleep(10);
            }
            catch (final TimeoutException e)
            {
                throw new IllegalStateException("command not answered in " + TIMEOUT_SECONDS + " s: "
                    + command.getClass().getSimpleName(), e);
            }
        }
    }

    /**
     * Waits for the command's result as {@link #await} does and fails unless the engine accepted it.
     *
     * @param context what the command is for, leading the failure's message, e.g. {@code demo set-up}.
     */
    public static void accept(final Sequencer sequencer, final Command command, final String context)
        throws InterruptedException
    {
        requireAccepted(await(sequencer, command), command, context);
    }

    /**
     * Fails unless the result is the engine's acceptance of the command.
     *
     * @param context what the command is for, leading the failure's message.
     */
    public static void requireAccepted(
        final EngineEvent.CommandResult result, final Command command, final String context)
    {
        if (result.outcome() != Outcome.ACCEPTED)
        {
            throw new IllegalStateException(context + ": " + command.getClass().getSimpleName() + " rejected: "
                + result.reason());
        }
    }
}
