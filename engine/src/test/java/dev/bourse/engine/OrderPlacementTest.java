package dev.bourse.engine;

import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EngineEvent.BookLevelChanged;
import dev.bourse.engine.event.EngineEvent.OrderAccepted;
import dev.bourse.engine.event.EngineEvent.OrderExpired;
import dev.bourse.engine.event.EngineEvent.OrderFilled;
import dev.bourse.engine.event.EngineEvent.OrderPartiallyFilled;
import dev.bourse.engine.event.EngineEvent.OrderRejected;
import dev.bourse.engine.event.EngineEvent.Trade;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.CAROL;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.NGN_FUNDS;
import static dev.bourse.engine.EngineFixture.USD;
import static dev.bourse.engine.EngineFixture.USD_FUNDS;
import static dev.bourse.engine.EngineFixture.notional;
import static dev.bourse.engine.EngineFixture.usd;
import static org.assertj.core.api.Assertions.assertThat;

class OrderPlacementTest
{
    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldRestGtcOrderThatDoesNotCross()
    {
        final long id = fx.buy(ALICE, 1600_00, 2_00);

        assertThat(fx.only(OrderAccepted.class)).isEqualTo(new OrderAccepted(
            id, ALICE, 0, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 1600_00, 2_00, null));
        assertThat(fx.result().orderId()).isEqualTo(id);
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(fx.bids()).containsExactly(new BookLevel(1600_00, 2_00, 1));
        assertThat(fx.engine.openOrder(id).resting()).isTrue();
    }

    @Test
    void shouldUseCommandSequenceAsOrderId()
    {
        final long expected = fx.nextSequence();

        final long id = fx.sell(BOB, 1700_00, 1_00);

        assertThat(id).isEqualTo(expected);
        assertThat(fx.engine.openOrder(expected).accountId()).isEqualTo(BOB);
    }

    @Test
    void shouldFillEarlierOrderFirstAtSamePrice()
    {
        final long first = fx.sell(CAROL, 1700_00, 1_00);
        final long second = fx.sell(BOB, 1700_00, 1_00);

        fx.buy(ALICE, 1700_00, 1_00);

        assertThat(fx.only(Trade.class).makerOrderId()).isEqualTo(first);
        assertThat(fx.engine.openOrder(first)).isNull();
        assertThat(fx.engine.openOrder(second)).isNotNull();
    }

    @Test
    void shouldSweepBetterPricesFirst()
    {
        fx.sell(BOB, 1720_00, 1_00);
        fx.sell(BOB, 1700_00, 1_00);
        fx.sell(CAROL, 1710_00, 1_00);

        fx.buy(ALICE, 1720_00, 3_00);

        assertThat(fx.events(Trade.class)).extracting(Trade::price).containsExactly(1700_00L, 1710_00L, 1720_00L);
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.asks()).isEmpty();
    }

    @Test
    void shouldTradeAtMakerPriceAndReleaseUnusedHold()
    {
        fx.sell(BOB, 1600_00, 1_00);

        fx.buy(ALICE, 1700_00, 1_00);

        assertThat(fx.only(Trade.class).price()).isEqualTo(1600_00);
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - notional(1600_00, 1_00));
        assertThat(fx.locked(ALICE, NGN)).isZero();
        // Taker fee 20 bps of the USD received.
        assertThat(fx.available(ALICE, USD)).isEqualTo(USD_FUNDS + usd(1_00) - 20);
    }

    @Test
    void shouldRestRemainderOfPartiallyFilledTaker()
    {
        final long maker = fx.sell(BOB, 1700_00, 1_00);

        final long taker = fx.buy(ALICE, 1700_00, 3_00);

        final long tradeId = fx.only(Trade.class).tradeId();
        assertThat(fx.only(OrderFilled.class))
            .isEqualTo(new OrderFilled(maker, BOB, tradeId, 1700_00, 1_00, 1_00));
        assertThat(fx.only(OrderPartiallyFilled.class))
            .isEqualTo(new OrderPartiallyFilled(taker, ALICE, tradeId, 1700_00, 1_00, 1_00, 2_00));
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(fx.bids()).containsExactly(new BookLevel(1700_00, 2_00, 1));
        assertThat(fx.asks()).isEmpty();
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1700_00, 2_00));
    }

    @Test
    void shouldKeepPartiallyFilledMakerInBook()
    {
        final long maker = fx.sell(BOB, 1700_00, 3_00);

        fx.buy(ALICE, 1700_00, 1_00);

        assertThat(fx.only(OrderPartiallyFilled.class).orderId()).isEqualTo(maker);
        assertThat(fx.asks()).containsExactly(new BookLevel(1700_00, 2_00, 1));
        assertThat(fx.engine.openOrder(maker).filled()).isEqualTo(1_00);
        assertThat(fx.locked(BOB, USD)).isEqualTo(usd(2_00));
    }

    @Test
    void shouldExpireIocRemainder()
    {
        fx.sell(BOB, 1700_00, 1_00);

        final long id = fx.limit(ALICE, Side.BUY, TimeInForce.IOC, 1700_00, 3_00);

        assertThat(fx.events(Trade.class)).hasSize(1);
        assertThat(fx.only(OrderExpired.class))
            .isEqualTo(new OrderExpired(id, ALICE, 0, 1_00, 2_00, CancelReason.IOC_REMAINDER));
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(fx.bids()).isEmpty();
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldRejectFokThatCannotFillAndLeaveBookUntouched()
    {
        fx.sell(BOB, 1700_00, 1_00);
        fx.sell(CAROL, 1710_00, 1_00);
        final List<BookLevel> asksBefore = fx.asks();

        final long id = fx.limit(ALICE, Side.BUY, TimeInForce.FOK, 1710_00, 3_00);

        fx.assertRejected(RejectReason.FOK_NOT_FILLABLE);
        assertThat(fx.only(OrderRejected.class).orderId()).isEqualTo(id);
        assertThat(fx.events(Trade.class)).isEmpty();
        assertThat(fx.events(BookLevelChanged.class)).isEmpty();
        assertThat(fx.asks()).isEqualTo(asksBefore);
        assertThat(fx.locked(BOB, USD)).isEqualTo(usd(1_00));
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS);
    }

    @Test
    void shouldRejectFokWhenEnoughQuantityRestsOnlyBeyondItsPrice()
    {
        fx.sell(BOB, 1700_00, 1_00);
        fx.sell(CAROL, 1710_00, 1_00);

        fx.limit(ALICE, Side.BUY, TimeInForce.FOK, 1700_00, 2_00);

        fx.assertRejected(RejectReason.FOK_NOT_FILLABLE);
        assertThat(fx.asks()).hasSize(2);
    }

    @Test
    void shouldFillFokCompletelyAcrossLevels()
    {
        fx.sell(BOB, 1700_00, 1_00);
        fx.sell(CAROL, 1710_00, 1_00);

        fx.limit(ALICE, Side.BUY, TimeInForce.FOK, 1710_00, 2_00);

        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.events(Trade.class)).extracting(Trade::quantity).containsExactly(1_00L, 1_00L);
        assertThat(fx.asks()).isEmpty();
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldRejectPostOnlyOrderThatWouldTake()
    {
        fx.sell(BOB, 1700_00, 1_00);

        fx.limit(ALICE, Side.BUY, TimeInForce.POST_ONLY, 1700_00, 1_00);

        fx.assertRejected(RejectReason.POST_ONLY_WOULD_TAKE);
        assertThat(fx.asks()).containsExactly(new BookLevel(1700_00, 1_00, 1));
        assertThat(fx.bids()).isEmpty();
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldRestPostOnlyOrderThatDoesNotCross()
    {
        fx.sell(BOB, 1700_00, 1_00);

        fx.limit(ALICE, Side.BUY, TimeInForce.POST_ONLY, 1699_99, 1_00);

        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(fx.bids()).containsExactly(new BookLevel(1699_99, 1_00, 1));
    }

    @Test
    void shouldRejectClientOrderIdInUseByAnOpenOrder()
    {
        fx.limitWithClientId(ALICE, Side.BUY, 1600_00, 1_00, "c-1");

        fx.limitWithClientId(ALICE, Side.SELL, 1700_00, 1_00, "c-1");

        fx.assertRejected(RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(fx.engine.openOrderCount()).isEqualTo(1);
        assertThat(fx.locked(ALICE, USD)).isZero();
    }

    @Test
    void shouldAllowSameClientOrderIdForAnotherAccount()
    {
        fx.limitWithClientId(ALICE, Side.BUY, 1600_00, 1_00, "c-1");

        fx.limitWithClientId(BOB, Side.BUY, 1600_00, 1_00, "c-1");

        fx.assertAccepted();
    }

    @Test
    void shouldAllowClientOrderIdAgainAfterTheOrderCloses()
    {
        final long first = fx.limitWithClientId(ALICE, Side.BUY, 1600_00, 1_00, "c-1");
        fx.apply(CancelOrder.byId(ALICE, first));

        final long second = fx.limitWithClientId(ALICE, Side.BUY, 1600_00, 1_00, "c-1");

        fx.assertAccepted();
        assertThat(fx.engine.openOrder(second).clientOrderId()).isEqualTo("c-1");
    }

    @Test
    void shouldAllowClientOrderIdAgainAfterTheOrderFills()
    {
        fx.sell(BOB, 1600_00, 1_00);
        fx.limitWithClientId(ALICE, Side.BUY, 1600_00, 1_00, "c-1");
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);

        fx.limitWithClientId(ALICE, Side.BUY, 1600_00, 1_00, "c-1");

        fx.assertAccepted();
    }

    @Test
    void shouldReportFilledIocThatFillsCompletely()
    {
        fx.sell(BOB, 1700_00, 2_00);

        fx.limit(ALICE, Side.BUY, TimeInForce.IOC, 1700_00, 2_00);

        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.events(OrderExpired.class)).isEmpty();
    }

    @Test
    void shouldRejectSellExceedingAvailableBase()
    {
        fx.sell(BOB, 1700_00, 1_000_00);
        fx.assertAccepted();

        fx.sell(BOB, 1700_00, 1);

        fx.assertRejected(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(fx.locked(BOB, USD)).isEqualTo(USD_FUNDS);
    }

    @Test
    void shouldRejectOrderExceedingAvailableFunds()
    {
        final long affordable = NGN_FUNDS / 1650_00;

        fx.buy(ALICE, 1650_00, affordable + 1);
        fx.assertRejected(RejectReason.INSUFFICIENT_BALANCE);

        fx.buy(ALICE, 1650_00, affordable);
        fx.assertAccepted();
    }
}
