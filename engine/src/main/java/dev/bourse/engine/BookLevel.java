package dev.bourse.engine;

/**
 * One aggregated price level, for queries outside the hot path.
 *
 * @param price      the price, in price units.
 * @param quantity   the summed remaining quantity, in quantity units.
 * @param orderCount how many orders rest there.
 */
public record BookLevel(long price, long quantity, int orderCount)
{
}
