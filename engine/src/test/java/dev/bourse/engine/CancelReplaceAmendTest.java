package dev.bourse.engine;

import dev.bourse.engine.command.AmendOrder;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EngineEvent.OrderAccepted;
import dev.bourse.engine.event.EngineEvent.OrderAmended;
import dev.bourse.engine.event.EngineEvent.OrderCancelled;
import dev.bourse.engine.event.EngineEvent.OrderReplaced;
import dev.bourse.engine.event.EngineEvent.Trade;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.CAROL;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.SYMBOL;
import static dev.bourse.engine.EngineFixture.notional;
import static org.assertj.core.api.Assertions.assertThat;

class CancelReplaceAmendTest
{
    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldReplaceWithNewOrderIdAndCancelOriginalAsReplaced()
    {
        final long original = fx.buy(ALICE, 1600_00, 2_00);

        final long successor = fx.apply(new ReplaceOrder(ALICE, original, 1610_00, 3_00, null, null));

        assertThat(fx.only(OrderCancelled.class))
            .isEqualTo(new OrderCancelled(original, ALICE, 0, 0, 2_00, CancelReason.REPLACED));
        assertThat(fx.only(OrderReplaced.class)).isEqualTo(new OrderReplaced(original, successor, ALICE));
        assertThat(fx.only(OrderAccepted.class).orderId()).isEqualTo(successor);
        // As EventSink documents: both orders are known when the replacement is told.
        assertThat(fx.events()).extracting(e -> (Object)e.getClass())
            .containsSubsequence(OrderCancelled.class, OrderAccepted.class, OrderReplaced.class);
        assertThat(fx.result().orderId()).isEqualTo(original);
        assertThat(fx.result().newOrderId()).isEqualTo(successor);
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(fx.engine.openOrder(original)).isNull();
        assertThat(fx.engine.openOrder(successor).price()).isEqualTo(1610_00);
        assertThat(fx.bids()).containsExactly(new BookLevel(1610_00, 3_00, 1));
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1610_00, 3_00));
    }

    @Test
    void shouldPutReplacementBehindOrdersAlreadyAtItsPrice()
    {
        final long replaced = fx.buy(ALICE, 1600_00, 1_00);
        final long other = fx.buy(BOB, 1600_00, 1_00);
        final long successor = fx.apply(new ReplaceOrder(ALICE, replaced, 0, 0, null, null));

        fx.sell(CAROL, 1600_00, 1_00);

        assertThat(fx.only(Trade.class).makerOrderId()).isEqualTo(other);
        assertThat(fx.engine.openOrder(successor)).isNotNull();
    }

    @Test
    void shouldLeaveOriginalUnchangedWhenReplacementIsRejected()
    {
        final long original = fx.limitWithClientId(ALICE, Side.BUY, 1600_00, 1_00, "c-1");
        final OpenOrder before = fx.engine.openOrder(original);
        final long lockedBefore = fx.locked(ALICE, NGN);

        // 7,000 USD at 1,600 NGN is more than Alice's 1,000,000 NGN.
        fx.apply(new ReplaceOrder(ALICE, original, 0, 7_000_00, null, null));

        fx.assertRejected(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(fx.events()).hasExactlyElementsOfTypes(
            EngineEvent.CommandStarted.class, EngineEvent.CommandResult.class);
        assertThat(fx.engine.openOrder(original)).isEqualTo(before);
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(lockedBefore);
        assertThat(fx.bids()).containsExactly(new BookLevel(1600_00, 1_00, 1));
    }

    @Test
    void shouldLeaveOriginalUnchangedWhenReplacementPriceIsOutOfBand()
    {
        final long original = fx.buy(ALICE, 1600_00, 1_00);
        final OpenOrder before = fx.engine.openOrder(original);

        fx.apply(new ReplaceOrder(ALICE, original, 2000_00, 0, null, null));

        fx.assertRejected(RejectReason.PRICE_OUT_OF_BAND);
        assertThat(fx.engine.openOrder(original)).isEqualTo(before);
    }

    @Test
    void shouldTradeWhenReplacementCrosses()
    {
        fx.sell(BOB, 1700_00, 1_00);
        final long original = fx.buy(ALICE, 1600_00, 1_00);

        final long successor = fx.apply(new ReplaceOrder(ALICE, original, 1700_00, 0, null, null));

        assertThat(fx.only(Trade.class).takerOrderId()).isEqualTo(successor);
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldReplacePartiallyFilledOrderWithItsRemainingQuantity()
    {
        final long original = fx.buy(ALICE, 1600_00, 3_00);
        fx.sell(BOB, 1600_00, 1_00);

        final long successor = fx.apply(new ReplaceOrder(ALICE, original, 1605_00, 0, null, null));

        assertThat(fx.only(OrderCancelled.class))
            .isEqualTo(new OrderCancelled(original, ALICE, 0, 1_00, 2_00, CancelReason.REPLACED));
        assertThat(fx.engine.openOrder(successor).quantity()).isEqualTo(2_00);
        assertThat(fx.engine.openOrder(successor).filled()).isZero();
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1605_00, 2_00));
    }

    @Test
    void shouldCarryClientOrderIdToReplacement()
    {
        final long original = fx.limitWithClientId(ALICE, Side.BUY, 1600_00, 1_00, "c-1");
        final long successor = fx.apply(new ReplaceOrder(ALICE, original, 1605_00, 0, null, null));

        assertThat(fx.engine.openOrder(successor).clientOrderId()).isEqualTo("c-1");
        fx.apply(new CancelOrder(ALICE, 0, "c-1", CancelReason.USER, null));
        assertThat(fx.only(OrderCancelled.class).orderId()).isEqualTo(successor);
    }

    @Test
    void shouldRejectReplacementTakingClientOrderIdOfAnotherOpenOrder()
    {
        final long original = fx.limitWithClientId(ALICE, Side.BUY, 1600_00, 1_00, "c-1");
        fx.limitWithClientId(ALICE, Side.BUY, 1590_00, 1_00, "c-2");
        final OpenOrder before = fx.engine.openOrder(original);

        fx.apply(new ReplaceOrder(ALICE, original, 1605_00, 0, "c-2", null));

        fx.assertRejected(RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(fx.engine.openOrder(original)).isEqualTo(before);
    }

    @Test
    void shouldRejectPostOnlyReplacementThatWouldTake()
    {
        fx.sell(BOB, 1700_00, 1_00);
        final long original = fx.limit(ALICE, Side.BUY, TimeInForce.POST_ONLY, 1600_00, 1_00);
        final OpenOrder before = fx.engine.openOrder(original);

        fx.apply(new ReplaceOrder(ALICE, original, 1700_00, 0, null, null));

        fx.assertRejected(RejectReason.POST_ONLY_WOULD_TAKE);
        assertThat(fx.engine.openOrder(original)).isEqualTo(before);
        assertThat(fx.asks()).containsExactly(new BookLevel(1700_00, 1_00, 1));
    }

    @Test
    void shouldRejectPostOnlyAmendThatWouldTake()
    {
        fx.sell(BOB, 1700_00, 1_00);
        final long id = fx.limit(ALICE, Side.BUY, TimeInForce.POST_ONLY, 1600_00, 1_00);
        final OpenOrder before = fx.engine.openOrder(id);

        fx.apply(new AmendOrder(ALICE, id, 1700_00, 0, null));

        fx.assertRejected(RejectReason.POST_ONLY_WOULD_TAKE);
        assertThat(fx.engine.openOrder(id)).isEqualTo(before);
        assertThat(fx.bids()).containsExactly(new BookLevel(1600_00, 1_00, 1));
    }

    @Test
    void shouldRejectAmendThatNeedsMoreFundsThanAvailable()
    {
        final long id = fx.buy(ALICE, 1600_00, 1_00);
        final OpenOrder before = fx.engine.openOrder(id);

        fx.apply(new AmendOrder(ALICE, id, 0, 7_000_00, null));

        fx.assertRejected(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(fx.engine.openOrder(id)).isEqualTo(before);
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1600_00, 1_00));
    }

    @Test
    void shouldKeepPriorityWhenAmendReducesQuantity()
    {
        final long amended = fx.buy(ALICE, 1600_00, 3_00);
        fx.buy(BOB, 1600_00, 1_00);

        fx.apply(new AmendOrder(ALICE, amended, 0, 2_00, null));

        assertThat(fx.only(OrderAmended.class))
            .isEqualTo(new OrderAmended(amended, ALICE, 1600_00, 2_00, 2_00, true));
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1600_00, 2_00));
        assertThat(fx.bids()).containsExactly(new BookLevel(1600_00, 3_00, 2));

        fx.sell(CAROL, 1600_00, 1_00);
        assertThat(fx.only(Trade.class).makerOrderId()).isEqualTo(amended);
    }

    @Test
    void shouldLosePriorityWhenAmendChangesPrice()
    {
        final long amended = fx.buy(ALICE, 1600_00, 1_00);
        final long other = fx.buy(BOB, 1601_00, 1_00);

        fx.apply(new AmendOrder(ALICE, amended, 1601_00, 0, null));

        assertThat(fx.only(OrderAmended.class))
            .isEqualTo(new OrderAmended(amended, ALICE, 1601_00, 1_00, 1_00, false));
        assertThat(fx.bids()).containsExactly(new BookLevel(1601_00, 2_00, 2));
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1601_00, 1_00));

        fx.sell(CAROL, 1601_00, 1_00);
        assertThat(fx.only(Trade.class).makerOrderId()).isEqualTo(other);
    }

    @Test
    void shouldLosePriorityWhenAmendIncreasesQuantity()
    {
        final long amended = fx.buy(ALICE, 1600_00, 1_00);
        final long other = fx.buy(BOB, 1600_00, 1_00);

        fx.apply(new AmendOrder(ALICE, amended, 0, 2_00, null));

        assertThat(fx.only(OrderAmended.class).priorityKept()).isFalse();
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1600_00, 2_00));

        fx.sell(CAROL, 1600_00, 1_00);
        assertThat(fx.only(Trade.class).makerOrderId()).isEqualTo(other);
    }

    @Test
    void shouldTradeWhenAmendedPriceCrosses()
    {
        final long ask = fx.sell(BOB, 1700_00, 1_00);
        final long amended = fx.buy(ALICE, 1600_00, 1_00);

        fx.apply(new AmendOrder(ALICE, amended, 1700_00, 0, null));

        final List<EngineEvent> events = fx.events();
        final Trade trade = fx.only(Trade.class);
        assertThat(trade.takerOrderId()).isEqualTo(amended);
        assertThat(trade.makerOrderId()).isEqualTo(ask);
        assertThat(trade.price()).isEqualTo(1700_00);
        assertThat(events.indexOf(fx.only(OrderAmended.class))).isLessThan(events.indexOf(trade));
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.bids()).isEmpty();
        assertThat(fx.asks()).isEmpty();
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldRejectAmendToFilledQuantityOrLess()
    {
        final long id = fx.buy(ALICE, 1600_00, 3_00);
        fx.sell(BOB, 1600_00, 2_00);
        final OpenOrder before = fx.engine.openOrder(id);

        fx.apply(new AmendOrder(ALICE, id, 0, 2_00, null));
        fx.assertRejected(RejectReason.INVALID_QUANTITY);
        fx.apply(new AmendOrder(ALICE, id, 0, 1_00, null));
        fx.assertRejected(RejectReason.INVALID_QUANTITY);
        assertThat(fx.engine.openOrder(id)).isEqualTo(before);

        fx.apply(new AmendOrder(ALICE, id, 0, 2_50, null));
        assertThat(fx.only(OrderAmended.class))
            .isEqualTo(new OrderAmended(id, ALICE, 1600_00, 2_50, 50, true));
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1600_00, 50));
    }

    @Test
    void shouldAllowReductionAfterBandMovedAwayFromOrderPrice()
    {
        final long id = fx.buy(ALICE, 1500_00, 3_00);
        // A trade at 1800.00 moves the band to [1620.00, 1980.00].
        fx.sell(BOB, 1800_00, 1_00);
        fx.buy(CAROL, 1800_00, 1_00);
        assertThat(fx.engine.lastTradePrice(SYMBOL)).isEqualTo(1800_00);

        fx.apply(new AmendOrder(ALICE, id, 0, 2_00, null));
        fx.assertAccepted();
        assertThat(fx.only(OrderAmended.class).priorityKept()).isTrue();
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1500_00, 2_00));

        // Adding risk at the stale price is checked against the band.
        fx.apply(new AmendOrder(ALICE, id, 0, 4_00, null));
        fx.assertRejected(RejectReason.PRICE_OUT_OF_BAND);
    }

    @Test
    void shouldRejectAmendOfAnotherAccountsOrder()
    {
        final long id = fx.buy(ALICE, 1600_00, 2_00);

        fx.apply(new AmendOrder(BOB, id, 0, 1_00, null));

        fx.assertRejected(RejectReason.ORDER_NOT_FOUND);
        assertThat(fx.engine.openOrder(id).quantity()).isEqualTo(2_00);
    }
}
