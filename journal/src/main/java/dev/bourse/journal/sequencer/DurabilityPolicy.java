package dev.bourse.journal.sequencer;

/** When a command counts as durable, and so may be acknowledged. */
public enum DurabilityPolicy
{
    /** After the batch holding it was fsynced: survives a power cut. The default. */
    FSYNC,
    /** After the batch was written to the operating system; fsync runs every interval: survives a process crash. */
    WRITE,
    /** At once: for tests and benchmarks, survives nothing. */
    NONE
}
