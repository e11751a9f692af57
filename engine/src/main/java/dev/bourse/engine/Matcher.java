package dev.bourse.engine;

import dev.bourse.engine.account.Account;
import dev.bourse.engine.book.BookSide;
import dev.bourse.engine.book.Order;
import dev.bourse.engine.book.PriceLevel;
import dev.bourse.engine.event.EventSink;
import dev.bourse.engine.instrument.Amounts;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.Instrument;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;

/**
 * Executes orders that passed validation: matches a taker against the book in price-time priority at the makers'
 * prices, applies self-trade prevention, settles each trade between the two accounts and the fee account, rests or
 * expires what remains, and closes orders, releasing exactly the hold they no longer need.
 */
final class Matcher
{
    private final EngineState state;
    private final Ledger ledger;
    private EventSink sink;

    Matcher(final EngineState state, final Ledger ledger)
    {
        this.state = state;
        this.ledger = ledger;
    }

    void sink(final EventSink sink)
    {
        this.sink = sink;
    }

    /**
     * Matches an order that holds its funds and is registered as open, then rests it (GTC, POST_ONLY) or expires its
     * remainder. Returns its status afterwards; a closed order is back in the pool by then.
     */
    OrderStatus execute(final Order taker)
    {
        final boolean takerExpired = match(taker);
        final long remaining = taker.remaining();
        if (remaining == 0)
        {
            close(taker);
            return OrderStatus.FILLED;
        }
        final TimeInForce tif = taker.timeInForce();
        if (takerExpired || tif == TimeInForce.IOC || tif == TimeInForce.FOK || !isLimit(taker))
        {
            expire(taker, takerExpired ? CancelReason.SELF_TRADE : CancelReason.IOC_REMAINDER);
            return OrderStatus.EXPIRED;
        }
        taker.instrument().book().side(taker.side()).add(taker);
        return taker.filled() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
    }

    /** Whether the best opposite price would trade with an order at this price. */
    static boolean wouldTake(final Instrument instrument, final Side side, final long price)
    {
        final BookSide opposite = instrument.book().side(side.opposite());
        return !opposite.isEmpty() && crosses(side, price, opposite.bestPrice());
    }

    /**
     * Whether a fill-or-kill order could fill completely right now, counting only liquidity it would really reach:
     * own orders are skipped under EXPIRE_MAKER and end the count under the other modes.
     */
    static boolean canFill(
        final Instrument instrument, final Account account, final Side side, final long price, final long quantity,
        final StpMode stp)
    {
        final BookSide opposite = instrument.book().side(side.opposite());
        long available = 0;
        for (int depth = 0; depth < opposite.levelCount(); depth++)
        {
            final PriceLevel level = opposite.levelFromBest(depth);
            if (!crosses(side, price, level.price()))
            {
                return false;
            }
            for (Order maker = level.head(); null != maker; maker = maker.nextInLevel())
            {
                if (maker.account() == account)
                {
                    if (stp != StpMode.EXPIRE_MAKER)
                    {
                        return false;
                    }
                    continue;
                }
                available += maker.remaining();
                if (available >= quantity)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** Cancels an open order, resting or not, and reports it. */
    void cancel(final Order order, final CancelReason reason)
    {
        sink.onOrderCancelled(
            order.orderId(), order.account().id(), order.instrument().id(), order.filled(), order.remaining(), reason);
        close(order);
    }

    /** Expires an open order, resting or not, and reports it. */
    void expire(final Order order, final CancelReason reason)
    {
        sink.onOrderExpired(
            order.orderId(), order.account().id(), order.instrument().id(), order.filled(), order.remaining(), reason);
        close(order);
    }

    /** Sets an open order's hold to what its remaining quantity needs, moving the difference. */
    void rehold(final Order order, final long hold)
    {
        final int asset = Holds.asset(order.instrument(), order.side());
        final long delta = hold - order.locked();
        if (delta > 0)
        {
            ledger.lock(order.account(), asset, delta);
        }
        else
        {
            ledger.unlock(order.account(), asset, -delta);
        }
        order.locked(hold);
    }

    // Returns true when self-trade prevention expired the taker.
    private boolean match(final Order taker)
    {
        final Instrument instrument = taker.instrument();
        final BookSide opposite = instrument.book().side(taker.side().opposite());
        final Side side = taker.side();
        while (taker.remaining() > 0)
        {
            final PriceLevel level = opposite.best();
            if (null == level || !crosses(side, taker.price(), level.price()))
            {
                return false;
            }
            Order maker = level.head();
            while (null != maker && taker.remaining() > 0)
            {
                final Order next = maker.nextInLevel();
                if (maker.account() == taker.account())
                {
                    final StpMode mode = taker.stp();
                    if (mode != StpMode.EXPIRE_TAKER)
                    {
                        expire(maker, CancelReason.SELF_TRADE);
                    }
                    if (mode != StpMode.EXPIRE_MAKER)
                    {
                        return true;
                    }
                }
                else
                {
                    trade(instrument, opposite, taker, maker, Math.min(taker.remaining(), maker.remaining()));
                }
                maker = next;
            }
        }
        return false;
    }

    private void trade(
        final Instrument instrument, final BookSide makerSide, final Order taker, final Order maker,
        final long quantity)
    {
        final long price = maker.price();
        final long tradeId = ++state.lastTradeId;
        instrument.lastTradePrice(price);

        final long baseAmount = instrument.baseAmount(quantity);
        final long quoteAmount = instrument.notional(price, quantity);
        final boolean takerBuys = taker.side() == Side.BUY;
        final Order buyer = takerBuys ? taker : maker;
        final Order seller = takerBuys ? maker : taker;
        final int buyerBps = takerBuys ? instrument.spec().takerFeeBps() : instrument.spec().makerFeeBps();
        final int sellerBps = takerBuys ? instrument.spec().makerFeeBps() : instrument.spec().takerFeeBps();
        final int base = instrument.base().id();
        final int quote = instrument.quote().id();
        final boolean feesInQuote = instrument.spec().feeAsset() == FeeAsset.QUOTE;

        final long sellerFee = Amounts.bpsFloor(quoteAmount, sellerBps);
        final long buyerFee = Amounts.bpsFloor(feesInQuote ? quoteAmount : baseAmount, buyerBps);
        final int buyerFeeAsset = feesInQuote ? quote : base;
        final Account fees = state.feeAccount;

        final long buyerSpends = feesInQuote ? quoteAmount + buyerFee : quoteAmount;
        ledger.spendLocked(buyer.account(), quote, buyerSpends);
        buyer.locked(buyer.locked() - buyerSpends);
        ledger.credit(buyer.account(), base, feesInQuote ? baseAmount : baseAmount - buyerFee);
        ledger.spendLocked(seller.account(), base, baseAmount);
        seller.locked(seller.locked() - baseAmount);
        ledger.credit(seller.account(), quote, quoteAmount - sellerFee);
        if (buyerFee != 0)
        {
            ledger.credit(fees, buyerFeeAsset, buyerFee);
        }
        if (sellerFee != 0)
        {
            ledger.credit(fees, quote, sellerFee);
        }

        makerSide.fill(maker, quantity);
        taker.addFill(quantity);
        final long takerFee = takerBuys ? buyerFee : sellerFee;
        final int takerFeeAsset = takerBuys ? buyerFeeAsset : quote;
        final long makerFee = takerBuys ? sellerFee : buyerFee;
        final int makerFeeAsset = takerBuys ? quote : buyerFeeAsset;
        sink.onTrade(
            tradeId, instrument.id(), price, quantity, taker.side(),
            taker.orderId(), taker.account().id(), takerFee, takerFeeAsset,
            maker.orderId(), maker.account().id(), makerFee, makerFeeAsset);

        reportFill(maker, tradeId, price, quantity);
        reportFill(taker, tradeId, price, quantity);
        if (maker.remaining() == 0)
        {
            close(maker);
        }
        else
        {
            rehold(maker, Holds.of(instrument, maker.side(), maker.price(), maker.remaining()));
        }
        if (taker.remaining() > 0)
        {
            rehold(taker, Holds.of(instrument, taker.side(), taker.price(), taker.remaining()));
        }
    }

    private void reportFill(final Order order, final long tradeId, final long price, final long quantity)
    {
        if (order.remaining() == 0)
        {
            sink.onOrderFilled(order.orderId(), order.account().id(), tradeId, price, quantity, order.filled());
        }
        else
        {
            sink.onOrderPartiallyFilled(
                order.orderId(), order.account().id(), tradeId, price, quantity, order.filled(), order.remaining());
        }
    }

    // Takes an order out of the book and every index, releases what it still holds and returns it to the pool.
    private void close(final Order order)
    {
        if (order.isResting())
        {
            order.instrument().book().side(order.side()).remove(order);
        }
        ledger.unlock(order.account(), Holds.asset(order.instrument(), order.side()), order.locked());
        order.account().removeOpenOrder(order);
        state.openOrders.remove(order.orderId());
        state.orderPool.release(order);
    }

    private static boolean isLimit(final Order order)
    {
        return order.type() == OrderType.LIMIT;
    }

    private static boolean crosses(final Side takerSide, final long takerPrice, final long makerPrice)
    {
        return takerSide == Side.BUY ? makerPrice <= takerPrice : makerPrice >= takerPrice;
    }
}
