package dev.bourse.engine;

import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EngineEvent.OrderExpired;
import dev.bourse.engine.event.EngineEvent.Trade;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.SYMBOL;
import static dev.bourse.engine.EngineFixture.USD;
import static dev.bourse.engine.EngineFixture.notional;
import static dev.bourse.engine.EngineFixture.usd;
import static org.assertj.core.api.Assertions.assertThat;

class SelfTradePreventionTest
{
    private static final long DAVE = 4;

    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldExpireTakerByDefault()
    {
        final long maker = fx.sell(ALICE, 1700_00, 1_00);

        final long taker = fx.buy(ALICE, 1700_00, 1_00);

        assertThat(fx.only(OrderExpired.class))
            .isEqualTo(new OrderExpired(taker, ALICE, 0, 0, 1_00, CancelReason.SELF_TRADE));
        assertThat(fx.events(Trade.class)).isEmpty();
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(fx.engine.openOrder(maker)).isNotNull();
        assertThat(fx.asks()).containsExactly(new BookLevel(1700_00, 1_00, 1));
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldTradeWithOthersBeforeExpiringTakerAtOwnOrder()
    {
        fx.sell(BOB, 1690_00, 1_00);
        final long own = fx.sell(ALICE, 1700_00, 1_00);

        final long taker = fx.buy(ALICE, 1700_00, 2_00);

        assertThat(fx.only(Trade.class).makerAccountId()).isEqualTo(BOB);
        assertThat(fx.only(OrderExpired.class))
            .isEqualTo(new OrderExpired(taker, ALICE, 0, 1_00, 1_00, CancelReason.SELF_TRADE));
        assertThat(fx.engine.openOrder(own)).isNotNull();
        assertThat(fx.bids()).isEmpty();
    }

    @Test
    void shouldExpireMakerAndKeepMatching()
    {
        final long own = fx.sell(ALICE, 1700_00, 1_00);
        final long other = fx.sell(BOB, 1700_00, 1_00);

        final long taker = fx.limitWithStp(ALICE, Side.BUY, 1700_00, 2_00, StpMode.EXPIRE_MAKER);

        assertThat(fx.only(OrderExpired.class))
            .isEqualTo(new OrderExpired(own, ALICE, 0, 0, 1_00, CancelReason.SELF_TRADE));
        final Trade trade = fx.only(Trade.class);
        assertThat(trade.makerOrderId()).isEqualTo(other);
        assertThat(trade.takerOrderId()).isEqualTo(taker);
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(fx.asks()).isEmpty();
        assertThat(fx.bids()).containsExactly(new BookLevel(1700_00, 1_00, 1));
        assertThat(fx.locked(ALICE, USD)).isZero();
    }

    @Test
    void shouldExpireBothOrders()
    {
        final long maker = fx.sell(ALICE, 1700_00, 1_00);

        final long taker = fx.limitWithStp(ALICE, Side.BUY, 1700_00, 1_00, StpMode.EXPIRE_BOTH);

        assertThat(fx.events(OrderExpired.class)).containsExactlyInAnyOrder(
            new OrderExpired(maker, ALICE, 0, 0, 1_00, CancelReason.SELF_TRADE),
            new OrderExpired(taker, ALICE, 0, 0, 1_00, CancelReason.SELF_TRADE));
        assertThat(fx.events(Trade.class)).isEmpty();
        assertThat(fx.asks()).isEmpty();
        assertThat(fx.bids()).isEmpty();
        assertThat(fx.locked(ALICE, USD)).isZero();
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldApplyAccountDefaultWhenOrderNamesNoMode()
    {
        fx.openAccount(DAVE, StpMode.EXPIRE_MAKER);
        final long maker = fx.sell(DAVE, 1700_00, 1_00);

        final long taker = fx.buy(DAVE, 1700_00, 1_00);

        assertThat(fx.only(OrderExpired.class).orderId()).isEqualTo(maker);
        assertThat(fx.events(Trade.class)).isEmpty();
        assertThat(fx.engine.openOrder(taker).resting()).isTrue();
        assertThat(fx.locked(DAVE, NGN)).isEqualTo(notional(1700_00, 1_00));
    }

    @Test
    void shouldLetOrderOverrideAccountDefault()
    {
        fx.openAccount(DAVE, StpMode.EXPIRE_MAKER);
        final long maker = fx.sell(DAVE, 1700_00, 1_00);

        final long taker = fx.limitWithStp(DAVE, Side.BUY, 1700_00, 1_00, StpMode.EXPIRE_TAKER);

        assertThat(fx.only(OrderExpired.class).orderId()).isEqualTo(taker);
        assertThat(fx.events(Trade.class)).isEmpty();
        assertThat(fx.engine.openOrder(maker)).isNotNull();
        assertThat(fx.locked(DAVE, USD)).isEqualTo(usd(1_00));
    }

    @Test
    void shouldUseRestingOrdersOwnModeOnlyWhenItTakes()
    {
        // The taker's mode decides: the resting order's EXPIRE_MAKER does not matter when Alice's default applies.
        final long maker = fx.limitWithStp(ALICE, Side.SELL, 1700_00, 1_00, StpMode.EXPIRE_MAKER);

        final long taker = fx.buy(ALICE, 1700_00, 1_00);

        assertThat(fx.only(OrderExpired.class).orderId()).isEqualTo(taker);
        assertThat(fx.engine.openOrder(maker)).isNotNull();
    }

    @Test
    void shouldFillFokPastOwnOrdersUnderExpireMaker()
    {
        final long own = fx.sell(ALICE, 1700_00, 1_00);
        fx.sell(BOB, 1700_00, 1_00);

        fx.apply(new PlaceOrder(ALICE, SYMBOL, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 1700_00, 1_00, null,
            StpMode.EXPIRE_MAKER, null));

        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.only(OrderExpired.class).orderId()).isEqualTo(own);
        assertThat(fx.only(Trade.class).makerAccountId()).isEqualTo(BOB);
        assertThat(fx.asks()).isEmpty();
    }

    @Test
    void shouldRejectFokThatCouldOnlyFillAgainstOwnOrders()
    {
        fx.sell(ALICE, 1700_00, 1_00);

        fx.apply(new PlaceOrder(
            ALICE, SYMBOL, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 1700_00, 1_00, null, null, null));

        fx.assertRejected(RejectReason.FOK_NOT_FILLABLE);
        assertThat(fx.asks()).containsExactly(new BookLevel(1700_00, 1_00, 1));
    }
}
