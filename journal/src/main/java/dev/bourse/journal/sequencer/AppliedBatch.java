package dev.bourse.journal.sequencer;

import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EventRecorder;

import java.util.Arrays;
import java.util.List;

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

    /** Drops the events of a command that did not finish applying: those after the last result. */
    void dropUnfinishedCommand()
    {
        final List<EngineEvent> recorded = events.events();
        int end = recorded.size();
        while (end > 0 && !(recorded.get(end - 1) instanceof EngineEvent.CommandResult))
        {
            end--;
        }
        recorded.subList(end, recorded.size()).clear();
    }

    void clear()
    {
        events.clear();
        Arrays.fill(callbacks, 0, size, null);
        size = 0;
        after = null;
    }
}
