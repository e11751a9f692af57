package dev.bourse.engine.idempotency;

/** The growth step shared by the store's rings of chunks: entries and key bytes. */
final class Chunks
{
    private Chunks()
    {
    }

    /**
     * Moves the chunks holding positions {@code [start, end)} of a ring into {@code into}, twice as many places: each
     * chunk keeps its number and lands at that number masked by the new length. A chunk let go is left to the
     * collector rather than kept for reuse. Both lengths are powers of two.
     */
    static <T> T[] moved(final T[] old, final T[] into, final long start, final long end, final int chunkBits)
    {
        for (long chunk = start >>> chunkBits; start < end && chunk <= end - 1 >>> chunkBits; chunk++)
        {
            into[(int)chunk & (into.length - 1)] = old[(int)chunk & (old.length - 1)];
        }
        return into;
    }
}
