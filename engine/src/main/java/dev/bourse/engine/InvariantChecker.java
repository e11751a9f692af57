package dev.bourse.engine;

import dev.bourse.engine.account.Account;
import dev.bourse.engine.book.BookSide;
import dev.bourse.engine.book.Order;
import dev.bourse.engine.book.PriceLevel;
import dev.bourse.engine.instrument.Instrument;

/** Walks the whole state and fails on the first broken invariant; for tests and diagnostics, not the hot path. */
final class InvariantChecker
{
    private InvariantChecker()
    {
    }

    static void check(final EngineState state)
    {
        int resting = 0;
        for (final Instrument instrument : state.instruments)
        {
            if (instrument.book().isCrossed())
            {
                fail("book crossed: instrument=" + instrument.symbol() + ", bid=" + instrument.book().bids()
                    .bestPrice() + ", ask=" + instrument.book().asks().bestPrice());
            }
            resting += checkSide(state, instrument, instrument.book().bids());
            resting += checkSide(state, instrument, instrument.book().asks());
        }
        if (resting != state.openOrders.size())
        {
            fail("open orders not all resting: resting=" + resting + ", open=" + state.openOrders.size());
        }
        final int assetCount = state.assets.size();
        for (final Account account : state.accounts.values())
        {
            final long[] holds = new long[assetCount];
            int count = 0;
            for (Order o = account.firstOpenOrder(); null != o; o = o.accountNext())
            {
                holds[Holds.asset(o.instrument(), o.side())] += o.locked();
                count++;
                if (null != o.clientOrderId() && account.orderByClientId(o.clientOrderId()) != o)
                {
                    fail("client order id not indexed: order=" + o.orderId());
                }
            }
            if (count != account.openOrderCount())
            {
                fail("open order count: account=" + account.id() + ", listed=" + count + ", counted="
                    + account.openOrderCount());
            }
            for (int asset = 0; asset < assetCount; asset++)
            {
                if (account.available(asset) < 0 || account.locked(asset) < 0)
                {
                    fail("negative balance: account=" + account.id() + ", asset=" + asset + ", available="
                        + account.available(asset) + ", locked=" + account.locked(asset));
                }
                if (account.locked(asset) != holds[asset])
                {
                    fail("locked differs from holds: account=" + account.id() + ", asset=" + asset + ", locked="
                        + account.locked(asset) + ", holds=" + holds[asset]);
                }
            }
        }
    }

    private static int checkSide(final EngineState state, final Instrument instrument, final BookSide side)
    {
        int orders = 0;
        long previousPrice = 0;
        for (int depth = 0; depth < side.levelCount(); depth++)
        {
            final PriceLevel level = side.levelFromBest(depth);
            if (depth > 0 && !side.isBetter(previousPrice, level.price()))
            {
                fail("levels out of order: instrument=" + instrument.symbol() + ", side=" + side.side());
            }
            previousPrice = level.price();
            long total = 0;
            int count = 0;
            for (Order o = level.head(); null != o; o = o.nextInLevel())
            {
                checkOrder(state, instrument, side, level, o);
                total += o.remaining();
                count++;
            }
            if (total != level.totalQuantity() || count != level.orderCount() || count == 0)
            {
                fail("level aggregate: instrument=" + instrument.symbol() + ", price=" + level.price() + ", total="
                    + level.totalQuantity() + ", summed=" + total + ", count=" + level.orderCount() + ", counted="
                    + count);
            }
            orders += count;
        }
        return orders;
    }

    private static void checkOrder(
        final EngineState state, final Instrument instrument, final BookSide side, final PriceLevel level,
        final Order o)
    {
        if (state.openOrders.get(o.orderId()) != o || o.instrument() != instrument || o.side() != side.side()
            || o.price() != level.price())
        {
            fail("order misplaced: order=" + o.orderId());
        }
        if (o.remaining() <= 0 || o.filled() < 0 || o.filled() + o.remaining() != o.quantity())
        {
            fail("order quantities: order=" + o.orderId() + ", quantity=" + o.quantity() + ", filled=" + o.filled());
        }
        final long hold = Holds.of(instrument, o.side(), o.price(), o.remaining());
        if (o.locked() != hold)
        {
            fail("order hold: order=" + o.orderId() + ", locked=" + o.locked() + ", needed=" + hold);
        }
    }

    private static void fail(final String message)
    {
        throw new IllegalStateException(message);
    }
}
