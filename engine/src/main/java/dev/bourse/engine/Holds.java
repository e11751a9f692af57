package dev.bourse.engine;

import dev.bourse.engine.instrument.Amounts;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.Instrument;
import dev.bourse.engine.order.Side;

/**
 * What an open order must hold. A sell holds its remaining base quantity. A buy holds price x remaining quantity in
 * quote and, when fees are taken in quote, the largest fee it could pay on that notional, rounded up. Fees charged
 * are rounded down, so a hold always covers a fill at or better than its price plus the hold of what remains.
 */
final class Holds
{
    private Holds()
    {
    }

    /** The asset an order of this side spends. */
    static int asset(final Instrument instrument, final Side side)
    {
        return side == Side.BUY ? instrument.quote().id() : instrument.base().id();
    }

    /** The hold, or {@link Amounts#OVERFLOW}. */
    static long of(final Instrument instrument, final Side side, final long price, final long remaining)
    {
        if (side == Side.SELL)
        {
            return Amounts.multiply(remaining, instrument.baseAmount(1));
        }
        final long notional = instrument.notional(price, remaining);
        if (notional == Amounts.OVERFLOW || instrument.spec().feeAsset() == FeeAsset.RECEIVED)
        {
            return notional;
        }
        final int maxFeeBps = Math.max(instrument.spec().makerFeeBps(), instrument.spec().takerFeeBps());
        return Amounts.add(notional, Amounts.bpsCeil(notional, maxFeeBps));
    }
}
