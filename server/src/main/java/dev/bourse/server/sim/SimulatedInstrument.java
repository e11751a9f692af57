package dev.bourse.server.sim;

import dev.bourse.engine.command.MassCancel;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;

import java.util.random.RandomGenerator;

/**
 * One instrument's simulated market: a reference price on a bounded, mean-reverting random walk, a maker that
 * requotes a ladder of levels around it, and takers arriving as a Poisson process. Used by the simulator thread only.
 */
final class SimulatedInstrument
{
    private static final long REQUOTE_MILLIS = 1_000;
    // Half-life of a move away from the listed price of about three and a half minutes: the price wanders visibly
    // but keeps coming back, so it never presses against the engine's band.
    private static final double MEAN_REVERSION_SECONDS = 300;
    private static final int MAKER_MIN_UNITS = 10;
    private static final int MAKER_EXTRA_UNITS = 20;
    private static final int TAKER_MAX_UNITS = 3;
    // Eight takers, half of them on each side, take about eight units from a side whose best level holds at least
    // ten: requoting after them keeps every level of a busy book standing.
    private static final int TAKERS_PER_REQUOTE = 8;
    // A tick with far more arrivals than expected is a bug or a stall; sending them all at once would be a burst.
    private static final int MAX_TAKERS_PER_STEP = 64;

    private final MarketShape shape;
    private final int levels;
    private final long makerAccountId;
    private final long takerAccountId;
    private final RandomGenerator random;
    private final double stepSeconds;
    private final double noArrivalProbability;
    private final int requoteSteps;
    private double offsetTicks;
    private long quotedTicks;
    private int stepsToRequote;
    private int takersSinceQuote;

    SimulatedInstrument(
        final MarketShape shape, final SimulatorSettings settings, final long makerAccountId,
        final long takerAccountId, final RandomGenerator random)
    {
        this.shape = shape;
        this.levels = settings.levels();
        this.makerAccountId = makerAccountId;
        this.takerAccountId = takerAccountId;
        this.random = random;
        this.stepSeconds = settings.tickMillis() / 1000.0;
        this.noArrivalProbability = Math.exp(-settings.tradesPerSecond() * stepSeconds);
        this.requoteSteps = (int)Math.max(1, REQUOTE_MILLIS / settings.tickMillis());
    }

    String symbol()
    {
        return shape.symbol();
    }

    /** One tick: move the reference, requote when due or after enough takers, then send this tick's takers. */
    void step(final CountingSubmitter out)
    {
        walk();
        if (--stepsToRequote <= 0 || takersSinceQuote >= TAKERS_PER_REQUOTE)
        {
            // A quote cut short by a full queue leaves a partial ladder: try again on the next tick.
            stepsToRequote = requote(out) ? nextRequoteSteps() : 1;
        }
        if (0 == quotedTicks)
        {
            return;
        }
        for (int takers = arrivals(); takers > 0; takers--)
        {
            if (!sendTaker(out))
            {
                // The queue is full: this tick's other takers are dropped, not kept for later.
                break;
            }
        }
    }

    private void walk()
    {
        final double spacing = shape.spacingTicks();
        final double reversion = -offsetTicks * stepSeconds / MEAN_REVERSION_SECONDS;
        final double shock = spacing * Math.sqrt(stepSeconds) * random.nextGaussian();
        final double bound = shape.walkBoundTicks();
        offsetTicks = Math.max(-bound, Math.min(bound, offsetTicks + reversion + shock));
    }

    private boolean requote(final CountingSubmitter out)
    {
        if (!out.submit(new MassCancel(makerAccountId, shape.symbol(), CancelReason.MASS_CANCEL, null)))
        {
            return false;
        }
        final long reference = shape.startTicks() + Math.round(offsetTicks);
        quotedTicks = reference;
        takersSinceQuote = 0;
        for (int level = 1; level <= levels; level++)
        {
            final long distance = level * shape.spacingTicks();
            if (reference - distance >= 1 && !quote(out, Side.BUY, reference - distance))
            {
                return false;
            }
            if (!quote(out, Side.SELL, reference + distance))
            {
                return false;
            }
        }
        return true;
    }

    private boolean quote(final CountingSubmitter out, final Side side, final long ticks)
    {
        final long quantity = shape.quantity(MAKER_MIN_UNITS + random.nextInt(MAKER_EXTRA_UNITS + 1));
        return out.submit(PlaceOrder.limit(makerAccountId, shape.symbol(), side, shape.price(ticks), quantity));
    }

    private int nextRequoteSteps()
    {
        // A little jitter keeps instruments from requoting in lockstep.
        final int jitter = requoteSteps / 4;
        return Math.max(1, requoteSteps - jitter + random.nextInt(2 * jitter + 1));
    }

    // Poisson arrivals in one step (Knuth's method: multiply uniforms until below e^-rate).
    private int arrivals()
    {
        int count = 0;
        double product = random.nextDouble();
        while (product > noArrivalProbability && count < MAX_TAKERS_PER_STEP)
        {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    private boolean sendTaker(final CountingSubmitter out)
    {
        takersSinceQuote++;
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final long quantity = shape.quantity(1 + random.nextInt(TAKER_MAX_UNITS));
        if (random.nextBoolean())
        {
            return out.submit(PlaceOrder.market(takerAccountId, shape.symbol(), side, quantity));
        }
        // A marketable limit reaches through the quoted ladder to a random level, and what it cannot fill expires.
        final long distance = (1 + random.nextInt(levels)) * shape.spacingTicks();
        final long ticks = side == Side.BUY ? quotedTicks + distance : Math.max(1, quotedTicks - distance);
        return out.submit(new PlaceOrder(takerAccountId, shape.symbol(), side, OrderType.LIMIT, TimeInForce.IOC,
            shape.price(ticks), quantity, null, null, null));
    }
}
