package dev.bourse.journal.sequencer;

import dev.bourse.engine.event.EventRecorder;

import java.util.Arrays;

/** One durable, applied batch on its way from the sequencer to the publisher: its events and whom to answer. */
final class AppliedBatch
{
    final EventRecorder events = new EventRecorder();
    final CommandCallback[] callbacks;
    int size;
    Runnable after;

    AppliedBatch(final int maxBatch)
    {
        callbacks = new CommandCallback[maxBatch];
    }

    void add(final CommandCallback callback)
    {
        callbacks[size++] = callback;
    }

    /** Drops the events recorded after the first {@code count}: those of a command that did not finish applying. */
    void cutEvents(final int count)
    {
        events.events().subList(count, events.events().size()).clear();
    }

    void clear()
    {
        events.clear();
        Arrays.fill(callbacks, 0, size, null);
        size = 0;
        after = null;
    }
}
