package dev.bourse.server.sim;

/**
 * How lively the simulated market is.
 *
 * @param tradesPerSecond taker orders per second on each instrument, on average; 0 for makers only.
 * @param levels          price levels the makers keep on each side of each book.
 * @param seed            seed of every random decision, so a run can be repeated; 0 for a random one.
 * @param tickMillis      the simulator acts once per tick of this many milliseconds.
 */
public record SimulatorSettings(double tradesPerSecond, int levels, long seed, long tickMillis)
{
    /** A few trades per second on each instrument, five levels a side, a random seed, ten ticks a second. */
    public static final SimulatorSettings DEFAULT = new SimulatorSettings(2.0, 5, 0, 100);

    /** Checks every setting, naming the one that is wrong. */
    public SimulatorSettings
    {
        if (!(tradesPerSecond >= 0 && tradesPerSecond <= 10_000))
        {
            throw new IllegalArgumentException("tradesPerSecond must be 0 to 10000, got " + tradesPerSecond);
        }
        if (levels < 1 || levels > 100)
        {
            throw new IllegalArgumentException("levels must be 1 to 100, got " + levels);
        }
        if (tickMillis < 1 || tickMillis > 60_000)
        {
            throw new IllegalArgumentException("tickMillis must be 1 to 60000, got " + tickMillis);
        }
    }
}
