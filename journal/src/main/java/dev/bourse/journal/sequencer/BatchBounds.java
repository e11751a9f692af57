package dev.bourse.journal.sequencer;

/**
 * A sink that wants to know where each batch's events begin and end, so it can hand on in one go what the batch
 * produced. Told on the thread delivering the batch (see {@link Publisher}): both calls of a batch on the same one.
 */
public interface BatchBounds
{
    /** For sinks that do not care. */
    BatchBounds NONE = new BatchBounds()
    {
        @Override
        public void onBatchStart()
        {
        }

        @Override
        public void onBatchEnd()
        {
        }
    };

    /** The events of a batch are about to be delivered, on this thread. */
    void onBatchStart();

    /** Every event and acknowledgement of the batch has been delivered. */
    void onBatchEnd();
}
