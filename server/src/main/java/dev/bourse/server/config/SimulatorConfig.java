package dev.bourse.server.config;

import dev.bourse.server.sim.SimulatorSettings;

/**
 * The {@code simulator:} section: the built-in market simulator that quotes and trades every instrument.
 *
 * @param enabled         whether the simulator runs.
 * @param tradesPerSecond average trades per second on each instrument, above 0.
 * @param levels          book levels the simulator keeps on each side, 1 to 50.
 * @param seed            seed of its random numbers, 0 for a random seed.
 */
public record SimulatorConfig(boolean enabled, double tradesPerSecond, int levels, long seed)
{
    /** Off; when on, 2 trades per second per instrument over 5 levels a side, randomly seeded. */
    public static final SimulatorConfig DEFAULT = new SimulatorConfig(
        false, SimulatorSettings.DEFAULT.tradesPerSecond(), SimulatorSettings.DEFAULT.levels(),
        SimulatorSettings.DEFAULT.seed());

    /** What the simulator itself takes. */
    public SimulatorSettings settings()
    {
        return new SimulatorSettings(tradesPerSecond, levels, seed, SimulatorSettings.DEFAULT.tickMillis());
    }

    /** The same settings, switched on or off. */
    public SimulatorConfig withEnabled(final boolean newEnabled)
    {
        return new SimulatorConfig(newEnabled, tradesPerSecond, levels, seed);
    }
}
