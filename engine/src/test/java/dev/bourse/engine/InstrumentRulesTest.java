package dev.bourse.engine;

import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EngineEvent.OrderExpired;
import dev.bourse.engine.event.EngineEvent.OrderRejected;
import dev.bourse.engine.event.EngineEvent.Trade;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BAND_HIGH;
import static dev.bourse.engine.EngineFixture.BAND_LOW;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.CAROL;
import static dev.bourse.engine.EngineFixture.EUR_NGN;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.SYMBOL;
import static dev.bourse.engine.EngineFixture.usdNgn;
import static org.assertj.core.api.Assertions.assertThat;

class InstrumentRulesTest
{
    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldRejectPriceNotOnTick()
    {
        fx.listEurNgn(usdNgn().tickSize(5));

        final long id = fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_03, 1_00);

        fx.assertRejected(RejectReason.PRICE_NOT_ON_TICK);
        assertThat(fx.only(OrderRejected.class).orderId()).isEqualTo(id);
        assertThat(fx.engine.openOrderCount()).isZero();
        assertThat(fx.locked(ALICE, NGN)).isZero();

        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_05, 1_00);
        fx.assertAccepted();
    }

    @Test
    void shouldRejectQuantityNotOnLot()
    {
        fx.listEurNgn(usdNgn().lotSize(10).quantityRange(10, 1_000_00));

        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_00, 1_05);
        fx.assertRejected(RejectReason.QUANTITY_NOT_ON_LOT);

        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_00, 1_10);
        fx.assertAccepted();
    }

    @Test
    void shouldRejectQuantityOutsideMinimumAndMaximum()
    {
        fx.listEurNgn(usdNgn().quantityRange(1_00, 10_00));

        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_00, 99);
        fx.assertRejected(RejectReason.QUANTITY_BELOW_MIN);
        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_00, 10_01);
        fx.assertRejected(RejectReason.QUANTITY_ABOVE_MAX);

        // Both bounds are inclusive.
        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_00, 1_00);
        fx.assertAccepted();
        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_00, 10_00);
        fx.assertAccepted();
    }

    @Test
    void shouldRejectZeroQuantityAndQuantityAboveDefaultMaximum()
    {
        fx.buy(ALICE, 1650_00, 0);
        fx.assertRejected(RejectReason.INVALID_QUANTITY);

        fx.sell(ALICE, 1650_00, 1_000_000_01L);
        fx.assertRejected(RejectReason.QUANTITY_ABOVE_MAX);
    }

    @Test
    void shouldRejectOrderBelowMinimumNotional()
    {
        fx.listEurNgn(usdNgn().minNotional(EngineFixture.notional(1650_00, 1_00)));

        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_00, 99);
        fx.assertRejected(RejectReason.BELOW_MIN_NOTIONAL);
        // A market order is measured at the reference price.
        fx.marketOn(EUR_NGN, ALICE, Side.SELL, 99);
        fx.assertRejected(RejectReason.BELOW_MIN_NOTIONAL);

        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_00, 1_00);
        fx.assertAccepted();
    }

    @Test
    void shouldRejectLimitPriceOutsideBand()
    {
        fx.buy(ALICE, BAND_HIGH + 1, 1_00);
        fx.assertRejected(RejectReason.PRICE_OUT_OF_BAND);
        fx.sell(BOB, BAND_LOW - 1, 1_00);
        fx.assertRejected(RejectReason.PRICE_OUT_OF_BAND);

        fx.buy(ALICE, BAND_LOW, 1_00);
        fx.assertAccepted();
        fx.sell(BOB, BAND_HIGH, 1_00);
        fx.assertAccepted();
    }

    @Test
    void shouldNotSweepMarketOrderBeyondBandAndExpireRemainder()
    {
        fx.sell(BOB, 1600_00, 1_00);
        fx.sell(BOB, 1800_00, 1_00);
        // A trade at 1500.00 moves the band to [1350.00, 1650.00], leaving the 1800.00 ask outside it.
        fx.buy(CAROL, 1500_00, 1_00);
        fx.sell(ALICE, 1500_00, 1_00);
        assertThat(fx.engine.lastTradePrice(SYMBOL)).isEqualTo(1500_00);

        final long id = fx.market(ALICE, Side.BUY, 2_00);

        assertThat(fx.events(Trade.class)).singleElement()
            .satisfies(t -> assertThat(t.price()).isEqualTo(1600_00))
            .satisfies(t -> assertThat(t.quantity()).isEqualTo(1_00));
        assertThat(fx.only(OrderExpired.class))
            .isEqualTo(new OrderExpired(id, ALICE, 0, 1_00, 1_00, CancelReason.IOC_REMAINDER));
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(fx.asks()).containsExactly(new BookLevel(1800_00, 1_00, 1));
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldNotSweepMarketSellBelowBand()
    {
        fx.buy(BOB, 1700_00, 1_00);
        fx.buy(BOB, 1500_00, 1_00);
        // A trade at 1800.00 moves the band to [1620.00, 1980.00], leaving the 1500.00 bid outside it.
        fx.sell(CAROL, 1800_00, 1_00);
        fx.buy(ALICE, 1800_00, 1_00);

        final long id = fx.market(ALICE, Side.SELL, 2_00);

        assertThat(fx.only(Trade.class).price()).isEqualTo(1700_00);
        assertThat(fx.only(OrderExpired.class))
            .isEqualTo(new OrderExpired(id, ALICE, 0, 1_00, 1_00, CancelReason.IOC_REMAINDER));
        assertThat(fx.bids()).containsExactly(new BookLevel(1500_00, 1_00, 1));
        assertThat(fx.locked(ALICE, EngineFixture.USD)).isZero();
    }

    @Test
    void shouldFillMarketFokCompletelyWithinBand()
    {
        fx.sell(BOB, 1700_00, 1_00);
        fx.sell(CAROL, 1800_00, 1_00);

        fx.apply(new PlaceOrder(ALICE, SYMBOL, Side.BUY, OrderType.MARKET, TimeInForce.FOK, 0, 2_00, null, null,
            null));

        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.asks()).isEmpty();
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldRejectMarketOrderWithoutReferencePrice()
    {
        fx.listEurNgn(usdNgn().referencePrice(0));

        fx.marketOn(EUR_NGN, ALICE, Side.BUY, 1_00);
        fx.assertRejected(RejectReason.NO_REFERENCE_PRICE);

        // Without a reference there is no band to respect for limit orders.
        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1, 1_00);
        fx.assertAccepted();
    }

    @Test
    void shouldTakeReferenceFromTwoSidedBookWhenListedWithoutOne()
    {
        fx.listEurNgn(usdNgn().referencePrice(0));
        fx.limitOn(EUR_NGN, BOB, Side.BUY, 1600_00, 1_00);
        fx.limitOn(EUR_NGN, CAROL, Side.SELL, 1700_00, 1_00);

        fx.marketOn(EUR_NGN, ALICE, Side.BUY, 1_00);

        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.only(Trade.class).price()).isEqualTo(1700_00);
    }

    @Test
    void shouldRejectMarketOrderThatCouldRest()
    {
        fx.apply(new PlaceOrder(ALICE, SYMBOL, Side.BUY, OrderType.MARKET, TimeInForce.GTC, 0, 1_00, null, null,
            null));
        fx.assertRejected(RejectReason.INVALID_TIME_IN_FORCE);

        fx.apply(new PlaceOrder(ALICE, SYMBOL, Side.BUY, OrderType.MARKET, TimeInForce.IOC, 1650_00, 1_00, null,
            null, null));
        fx.assertRejected(RejectReason.INVALID_PRICE);
    }

    @Test
    void shouldRejectOrderOnUnknownInstrument()
    {
        final long id = fx.apply(PlaceOrder.limit(ALICE, "XAU/NGN", Side.BUY, 1650_00, 1_00));

        fx.assertRejected(RejectReason.UNKNOWN_INSTRUMENT);
        assertThat(fx.only(OrderRejected.class).orderId()).isEqualTo(id);
        assertThat(fx.only(OrderRejected.class).instrumentId()).isEqualTo(-1);
    }
}
