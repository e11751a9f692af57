package dev.bourse.journal.sequencer;

import java.util.Objects;

/**
 * How the sequencer batches and makes commands durable.
 *
 * @param policy              when a command is acknowledged.
 * @param fsyncIntervalMillis under {@link DurabilityPolicy#WRITE}, how often written batches are fsynced.
 * @param queueCapacity       commands waiting for the sequencer at most; a full queue refuses new ones.
 * @param maxBatch            commands written, and fsynced, together at most.
 */
public record SequencerConfig(DurabilityPolicy policy, long fsyncIntervalMillis, int queueCapacity, int maxBatch)
{
    /** Defaults: fsync every batch, 64k queued commands, batches of up to 4,096. */
    public static final SequencerConfig DEFAULT = new SequencerConfig(DurabilityPolicy.FSYNC, 10, 65_536, 4_096);

    /** Checks every setting, naming the one that is wrong. */
    public SequencerConfig
    {
        Objects.requireNonNull(policy, "policy");
        if (fsyncIntervalMillis < 1)
        {
            throw new IllegalArgumentException("fsyncIntervalMillis must be at least 1, got " + fsyncIntervalMillis);
        }
        if (queueCapacity < 1)
        {
            throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
        }
        if (maxBatch < 1)
        {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
    }

    /** The same settings with another policy. */
    public SequencerConfig withPolicy(final DurabilityPolicy newPolicy)
    {
        return new SequencerConfig(newPolicy, fsyncIntervalMillis, queueCapacity, maxBatch);
    }
}
