package dev.bourse.server.sim;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.Outcome;
import dev.bourse.journal.sequencer.CommandCallback;
import dev.bourse.journal.sequencer.Sequencer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Submits the simulator's orders and counts what became of them. One instance is the callback of every order, so
 * nothing is allocated per order beyond the command; it runs on the thread delivering each batch and only bumps
 * counters.
 */
final class CountingSubmitter implements CommandCallback
{
    private static final RejectReason[] REASONS = RejectReason.values();

    private final Sequencer sequencer;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLongArray rejectedByReason = new AtomicLongArray(REASONS.length);

    CountingSubmitter(final Sequencer sequencer)
    {
        this.sequencer = sequencer;
    }

    /** Queues a command; false when the sequencer refused it (queue full or stopped), and it is dropped. */
    boolean submit(final Command command)
    {
        if (sequencer.trySubmit(command, this))
        {
            submitted.incrementAndGet();
            return true;
        }
        refused.incrementAndGet();
        return false;
    }

    @Override
    public void onDurable(final long sequence, final EngineEvent.CommandResult result)
    {
        if (result.outcome() == Outcome.REJECTED)
        {
            rejected.incrementAndGet();
            if (null != result.reason())
            {
                rejectedByReason.incrementAndGet(result.reason().ordinal());
            }
        }
    }

    @Override
    public void onFailed(final Throwable cause)
    {
        failed.incrementAndGet();
    }

    long submitted()
    {
        return submitted.get();
    }

    long refused()
    {
        return refused.get();
    }

    long rejected()
    {
        return rejected.get();
    }

    long failed()
    {
        return failed.get();
    }

    Map<RejectReason, Long> rejectedByReason()
    {
        final Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
        for (int i = 0; i < REASONS.length; i++)
        {
            final long count = rejectedByReason.get(i);
            if (count > 0)
            {
                counts.put(REASONS[i], count);
            }
        }
        return counts;
    }
}
