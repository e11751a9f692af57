package dev.bourse.journal.sequencer;

import dev.bourse.engine.command.Command;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded, lock-free queue of (command, callback) pairs from many producer threads to the one sequencer thread.
 * Producers claim a slot with a compare-and-set on the tail and publish it by writing its callback last; the
 * consumer takes published slots in order. Pairs live in two arrays, so submitting allocates nothing, and no
 * producer ever waits for a lock the consumer holds.
 */
final class SubmissionRing extends SubmissionRingTail
{
    private static final VarHandle CALLBACKS = MethodHandles.arrayElementVarHandle(CommandCallback[].class);

    private final Command[] commands;
    private final CommandCallback[] callbacks;
    private final int mask;
    // Pairs queued at most: exactly what was asked for, though the arrays are a power of two for the mask.
    private final int capacity;

    SubmissionRing(final int capacity)
    {
        final int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1);
        commands = new Command[slots];
        callbacks = new CommandCallback[slots];
        mask = slots - 1;
        this.capacity = capacity;
    }

    /** Queues the pair, or returns false when the ring is full. Any thread. */
    boolean offer(final Command command, final CommandCallback callback)
    {
        long tail;
        do
        {
            tail = tailVolatile();
            if (tail - headVolatile() >= capacity)
            {
                return false;
            }
        }
        while (!casTail(tail, tail + 1));
        final int index = (int)tail & mask;
        commands[index] = command;
        // The release store publishes the command written before it.
        CALLBACKS.setRelease(callbacks, index, callback);
        return true;
    }

    /**
     * Moves up to {@code limit} published pairs, in order, into the arrays given; returns how many. Only the
     * consumer, or one thread at a time holding the consumer's role.
     */
    int drain(final Command[] toCommands, final CommandCallback[] toCallbacks, final int limit)
    {
        final long head = headPlain();
        int count = 0;
        while (count < limit)
        {
            final int index = (int)(head + count) & mask;
            final CommandCallback callback = (CommandCallback)CALLBACKS.getAcquire(callbacks, index);
            if (null == callback)
            {
                break;
            }
            toCallbacks[count] = callback;
            toCommands[count] = commands[index];
            commands[index] = null;
            CALLBACKS.set(callbacks, index, null);
            count++;
        }
        if (count > 0)
        {
            // Frees the slots for producers only after they were cleared.
            headRelease(head + count);
        }
        return count;
    }

    /** Whether nothing is queued, as far as this thread can tell: a claimed slot counts as queued. */
    boolean isEmpty()
    {
        return tailVolatile() == headVolatile();
    }

    /** Pairs queued or being queued. */
    int size()
    {
        return (int)Math.max(0, tailVolatile() - headVolatile());
    }
}

// The head and the tail are written by different threads: padding keeps them on different cache lines, so that a
// producer's compare-and-set does not keep invalidating the line the consumer reads, and the other way round.
abstract class SubmissionRingPadHead
{
    long p01, p02, p03, p04, p05, p06, p07, p08;
}

abstract class SubmissionRingHead extends SubmissionRingPadHead
{
    private static final VarHandle HEAD;

    static
    {
        try
        {
            HEAD = MethodHandles.lookup().findVarHandle(SubmissionRingHead.class, "head", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long head;

    final long headPlain()
    {
        return head;
    }

    final long headVolatile()
    {
        return (long)HEAD.getVolatile(this);
    }

    final void headRelease(final long value)
    {
        HEAD.setRelease(this, value);
    }
}

abstract class SubmissionRingPadTail extends SubmissionRingHead
{
    long p11, p12, p13, p14, p15, p16, p17, p18;
}

abstract class SubmissionRingTail extends SubmissionRingPadTail
{
    private static final VarHandle TAIL;

    static
    {
        try
        {
            TAIL = MethodHandles.lookup().findVarHandle(SubmissionRingTail.class, "tail", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long tail;
    long p21, p22, p23, p24, p25, p26, p27, p28;

    final long tailVolatile()
    {
        return (long)TAIL.getVolatile(this);
    }

    final boolean casTail(final long expected, final long value)
    {
        return TAIL.compareAndSet(this, expected, value);
    }
}
