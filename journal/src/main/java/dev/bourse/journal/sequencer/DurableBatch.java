package dev.bourse.journal.sequencer;

import dev.bourse.engine.command.Command;

import java.util.Arrays;

/**
 * One batch of commands the sequencer has stamped and logged, on its way to the engine thread: the commands, whom to
 * answer, and where they sit in the log. Slots are reused; the sequencer drains its queue straight into one.
 */
final class DurableBatch
{
    final Command[] commands;
    final CommandCallback[] callbacks;
    int size;
    long firstSequence;
    long timestampNanos;
    // How long the batch's fsync took, or -1 when the policy did not fsync it.
    long forceNanos;

    DurableBatch(final int maxBatch)
    {
        commands = new Command[maxBatch];
        callbacks = new CommandCallback[maxBatch];
    }

    long lastSequence()
    {
        return firstSequence + size - 1;
    }

    void clear()
    {
        Arrays.fill(commands, 0, size, null);
        Arrays.fill(callbacks, 0, size, null);
        size = 0;
    }
}
