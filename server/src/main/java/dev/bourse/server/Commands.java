package dev.bourse.server;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.journal.sequencer.CommandCallback;
import dev.bourse.journal.sequencer.Sequencer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Submitting a command and getting its result, for admin work that is not on a hot path. */
public final class Commands
{
    private static final long TIMEOUT_SECONDS = 30;

    private Commands()
    {
    }

    /** The command's result once durable; fails at once if the sequencer's queue is full or it has stopped. */
    public static CompletableFuture<EngineEvent.CommandResult> submit(final Sequencer sequencer, final Command command)
    {
        final CompletableFuture<EngineEvent.CommandResult> result = new CompletableFuture<>();
        final boolean queued = sequencer.trySubmit(command, new CommandCallback()
        {
            @Override
            public void onDurable(final long sequence, final EngineEvent.CommandResult r)
            {
                result.complete(r);
            }

            @Override
            public void onFailed(final Throwable cause)
            {
                result.completeExceptionally(cause);
            }
        });
        if (!queued)
        {
            result.completeExceptionally(new NotQueued());
        }
        return result;
    }

    /** The sequencer's queue was full, or it has stopped: the command was not taken. */
    public static final class NotQueued extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        NotQueued()
        {
            super("the exchange is busy or stopping; retry shortly");
        }
    }

    /**
     * Waits for the command's result, retrying while the queue refuses it; a command taken and then failed is not
     * retried. For start-up and set-up, off any event loop.
     */
    public static EngineEvent.CommandResult await(final Sequencer sequencer, final Command command)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true)
        {
            try
            {
                return submit(sequencer, command).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            catch (final ExecutionException e)
            {
                if (!(e.getCause() instanceof NotQueued) || System.nanoTime() > deadline)
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
}
