package dev.bourse.journal.sequencer;

/**
 * A sink that wants to know when the events of a batch, and its acknowledgements, are all out: a sink implementing
 * this is told on the publisher thread after each batch, so it can hand on in one go what the batch produced.
 */
public interface BatchEnd
{
    /** Every event and acknowledgement of a batch has been delivered. */
    void onBatchEnd();
}
