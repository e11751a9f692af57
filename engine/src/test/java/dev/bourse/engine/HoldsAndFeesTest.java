package dev.bourse.engine;

import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.command.Withdraw;
import dev.bourse.engine.event.EngineEvent.BalanceChanged;
import dev.bourse.engine.event.EngineEvent.Trade;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BAND_HIGH;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.CAROL;
import static dev.bourse.engine.EngineFixture.EUR;
import static dev.bourse.engine.EngineFixture.EUR_NGN;
import static dev.bourse.engine.EngineFixture.FEE_ACCOUNT;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.NGN_FUNDS;
import static dev.bourse.engine.EngineFixture.NGN_ID;
import static dev.bourse.engine.EngineFixture.USD;
import static dev.bourse.engine.EngineFixture.USD_FUNDS;
import static dev.bourse.engine.EngineFixture.USD_ID;
import static dev.bourse.engine.EngineFixture.notional;
import static dev.bourse.engine.EngineFixture.usdNgn;
import static org.assertj.core.api.Assertions.assertThat;

class HoldsAndFeesTest
{
    private static final long DAVE = 4;

    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldLockPriceTimesQuantityInQuoteForBuy()
    {
        fx.buy(ALICE, 1650_00, 2_00);

        // 1,650.00 NGN x 2.00 USD = 3,300.0000 NGN.
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(33_000_000);
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - 33_000_000);
        assertThat(fx.locked(ALICE, USD)).isZero();
        assertThat(fx.only(BalanceChanged.class))
            .isEqualTo(new BalanceChanged(ALICE, NGN_ID, NGN_FUNDS - 33_000_000, 33_000_000));
    }

    @Test
    void shouldLockQuantityInBaseForSell()
    {
        fx.sell(BOB, 1650_00, 2_00);

        assertThat(fx.locked(BOB, USD)).isEqualTo(2_0000);
        assertThat(fx.available(BOB, USD)).isEqualTo(USD_FUNDS - 2_0000);
        assertThat(fx.locked(BOB, NGN)).isZero();
    }

    @Test
    void shouldLockNotionalPlusLargestFeeRoundedUpForBuyWhenFeesAreInQuote()
    {
        // The maker fee is the larger one here: the hold must cover either role.
        fx.listEurNgn(usdNgn().fees(25, 10, FeeAsset.QUOTE));

        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_01, 3);

        // notional 495,003; 25 bps of it is 1,237.5075, rounded up.
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(495_003 + 1_238);
    }

    @Test
    void shouldLockSellQuantityOnlyWhenFeesAreInQuote()
    {
        fx.listEurNgn(usdNgn().fees(10, 20, FeeAsset.QUOTE));

        fx.limitOn(EUR_NGN, BOB, Side.SELL, 1650_00, 3_00);

        assertThat(fx.locked(BOB, EUR)).isEqualTo(3_0000);
        assertThat(fx.locked(BOB, NGN)).isZero();
    }

    @Test
    void shouldLockMarketBuyAtUpperBandLimit()
    {
        final long bandHold = notional(BAND_HIGH, 1_00);
        fx.apply(new CreateAccount(DAVE, StpMode.EXPIRE_TAKER));
        fx.deposit(DAVE, NGN, bandHold - 1);
        fx.sell(BOB, 1650_00, 1_00);

        // The ask costs less than the funds, but the hold is taken at the band's top.
        fx.market(DAVE, Side.BUY, 1_00);
        fx.assertRejected(RejectReason.INSUFFICIENT_BALANCE);

        fx.deposit(DAVE, NGN, 1);
        fx.market(DAVE, Side.BUY, 1_00);
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.available(DAVE, NGN)).isEqualTo(bandHold - notional(1650_00, 1_00));
        assertThat(fx.locked(DAVE, NGN)).isZero();
    }

    @Test
    void shouldLockMarketBuyAtUpperBandLimitPlusLargestFeeWhenFeesAreInQuote()
    {
        fx.listEurNgn(usdNgn().fees(10, 20, FeeAsset.QUOTE));
        // 1,815.00 x 1.00 = 18,150,000 NGN units, plus 20 bps = 36,300.
        final long bandHold = 18_150_000 + 36_300;
        fx.apply(new CreateAccount(DAVE, StpMode.EXPIRE_TAKER));
        fx.deposit(DAVE, NGN, bandHold - 1);
        fx.limitOn(EUR_NGN, BOB, Side.SELL, 1650_00, 1_00);

        fx.marketOn(EUR_NGN, DAVE, Side.BUY, 1_00);
        fx.assertRejected(RejectReason.INSUFFICIENT_BALANCE);

        fx.deposit(DAVE, NGN, 1);
        fx.marketOn(EUR_NGN, DAVE, Side.BUY, 1_00);
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.available(DAVE, NGN)).isEqualTo(bandHold - 16_500_000 - 33_000);
        assertThat(fx.locked(DAVE, NGN)).isZero();
    }

    @Test
    void shouldReleaseHoldOfMarketBuyRemainder()
    {
        fx.sell(BOB, 1650_00, 1_00);

        fx.market(ALICE, Side.BUY, 5_00);

        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(fx.locked(ALICE, NGN)).isZero();
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - notional(1650_00, 1_00));
    }

    @Test
    void shouldReleaseEveryUnitOfHoldAfterPartialFillsWithPriceImprovement()
    {
        fx.sell(BOB, 1600_01, 1_11);
        fx.sell(CAROL, 1650_03, 2_22);

        final long id = fx.buy(ALICE, 1700_00, 7_77);
        final long spentAsTaker = notional(1600_01, 1_11) + notional(1650_03, 2_22);
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1700_00, 4_44));
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - spentAsTaker - notional(1700_00, 4_44));

        fx.sell(BOB, 1700_00, 1_00);
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1700_00, 3_44));

        fx.apply(CancelOrder.byId(ALICE, id));
        assertThat(fx.locked(ALICE, NGN)).isZero();
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - spentAsTaker - notional(1700_00, 1_00));
    }

    @Test
    void shouldReleaseEveryUnitOfHoldWhenFeesAreInQuote()
    {
        fx.listEurNgn(usdNgn().fees(10, 20, FeeAsset.QUOTE));
        fx.limitOn(EUR_NGN, BOB, Side.SELL, 1600_01, 1_11);

        final long id = fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1700_00, 3_33);
        // 2.22 rests: notional 37,740,000 plus 20 bps (75,480).
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(37_740_000 + 75_480);

        fx.limitOn(EUR_NGN, CAROL, Side.SELL, 1700_00, 1_01);
        // 1.21 rests: notional 20,570,000 plus 20 bps (41,140).
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(20_570_000 + 41_140);

        fx.apply(CancelOrder.byId(ALICE, id));
        assertThat(fx.locked(ALICE, NGN)).isZero();
        // Taker fee floor(17,760,111 x 20 bps) = 35,520; maker fee 17,170,000 x 10 bps = 17,170.
        assertThat(fx.available(ALICE, NGN))
            .isEqualTo(NGN_FUNDS - 17_760_111 - 35_520 - 17_170_000 - 17_170);
    }

    @Test
    void shouldReleaseHoldOfExpiredIocRemainderWhenFeesAreInQuote()
    {
        fx.listEurNgn(usdNgn().fees(10, 20, FeeAsset.QUOTE));
        fx.limitOn(EUR_NGN, BOB, Side.SELL, 1600_01, 1_11);

        fx.apply(new PlaceOrder(
            ALICE, EUR_NGN, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 1700_00, 3_33, null, null, null));

        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(fx.locked(ALICE, NGN)).isZero();
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - 17_760_111 - 35_520);
    }

    @Test
    void shouldChargeEachSideInTheAssetItReceivesAndCreditFeeAccount()
    {
        fx.sell(BOB, 1650_00, 1_00);

        fx.buy(ALICE, 1650_00, 1_00);

        // Taker (buyer) pays 20 bps of 1.0000 USD; maker (seller) pays 10 bps of 1,650.0000 NGN.
        final Trade trade = fx.only(Trade.class);
        assertThat(trade.takerFee()).isEqualTo(20);
        assertThat(trade.takerFeeAssetId()).isEqualTo(USD_ID);
        assertThat(trade.makerFee()).isEqualTo(16_500);
        assertThat(trade.makerFeeAssetId()).isEqualTo(NGN_ID);
        assertThat(fx.available(ALICE, USD)).isEqualTo(USD_FUNDS + 1_0000 - 20);
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - 16_500_000);
        assertThat(fx.available(BOB, USD)).isEqualTo(USD_FUNDS - 1_0000);
        assertThat(fx.available(BOB, NGN)).isEqualTo(NGN_FUNDS + 16_500_000 - 16_500);
        assertThat(fx.available(FEE_ACCOUNT, USD)).isEqualTo(20);
        assertThat(fx.available(FEE_ACCOUNT, NGN)).isEqualTo(16_500);
    }

    @Test
    void shouldRoundFeesDown()
    {
        fx.buy(BOB, 1650_01, 3);

        fx.sell(ALICE, 1650_01, 3);

        // Maker (buyer): 10 bps of 300 USD units is 0.3; taker (seller): 20 bps of 495,003 NGN units is 990.006.
        final Trade trade = fx.only(Trade.class);
        assertThat(trade.makerFee()).isZero();
        assertThat(trade.takerFee()).isEqualTo(990);
        assertThat(fx.available(BOB, USD)).isEqualTo(USD_FUNDS + 300);
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS + 495_003 - 990);
        assertThat(fx.available(FEE_ACCOUNT, USD)).isZero();
        assertThat(fx.available(FEE_ACCOUNT, NGN)).isEqualTo(990);
    }

    @Test
    void shouldChargeBothSidesInQuoteWhenFeesAreInQuote()
    {
        fx.listEurNgn(usdNgn().fees(10, 20, FeeAsset.QUOTE));
        fx.limitOn(EUR_NGN, BOB, Side.SELL, 1650_00, 1_00);

        fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1650_00, 1_00);

        final Trade trade = fx.only(Trade.class);
        assertThat(trade.takerFee()).isEqualTo(33_000);
        assertThat(trade.takerFeeAssetId()).isEqualTo(NGN_ID);
        assertThat(trade.makerFee()).isEqualTo(16_500);
        assertThat(trade.makerFeeAssetId()).isEqualTo(NGN_ID);
        assertThat(fx.available(ALICE, EUR)).isEqualTo(USD_FUNDS + 1_0000);
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - 16_500_000 - 33_000);
        assertThat(fx.locked(ALICE, NGN)).isZero();
        assertThat(fx.available(BOB, NGN)).isEqualTo(NGN_FUNDS + 16_500_000 - 16_500);
        assertThat(fx.available(FEE_ACCOUNT, NGN)).isEqualTo(49_500);
        assertThat(fx.available(FEE_ACCOUNT, EUR)).isZero();
    }

    @Test
    void shouldConserveEveryAssetAcrossAccountsIncludingFeeAccount()
    {
        fx.sell(BOB, 1600_01, 1_11);
        fx.sell(CAROL, 1650_03, 2_22);
        fx.buy(ALICE, 1700_00, 7_77);
        fx.sell(BOB, 1700_00, 1_01);
        fx.market(CAROL, Side.SELL, 33);
        fx.apply(new Withdraw(BOB, NGN, 1_234_5678, null));

        assertThat(fx.available(FEE_ACCOUNT, NGN)).isPositive();
        assertThat(fx.available(FEE_ACCOUNT, USD)).isPositive();
        assertThat(fx.totalHeld(NGN)).isEqualTo(3 * NGN_FUNDS - 1_234_5678);
        assertThat(fx.totalHeld(USD)).isEqualTo(3 * USD_FUNDS);
    }
}
