package dev.bourse.engine;

import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.MassCancel;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EngineEvent.BookLevelChanged;
import dev.bourse.engine.event.EngineEvent.OrderCancelled;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.EUR_NGN;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.NGN_FUNDS;
import static dev.bourse.engine.EngineFixture.SYMBOL;
import static dev.bourse.engine.EngineFixture.USD;
import static dev.bourse.engine.EngineFixture.notional;
import static dev.bourse.engine.EngineFixture.usdNgn;
import static org.assertj.core.api.Assertions.assertThat;

class CancelTest
{
    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldCancelByOrderId()
    {
        final long id = fx.buy(ALICE, 1600_00, 2_00);

        fx.apply(CancelOrder.byId(ALICE, id));

        assertThat(fx.only(OrderCancelled.class))
            .isEqualTo(new OrderCancelled(id, ALICE, 0, 0, 2_00, CancelReason.USER));
        assertThat(fx.only(BookLevelChanged.class))
            .isEqualTo(new BookLevelChanged(0, Side.BUY, 1600_00, 0, 0));
        assertThat(fx.result().orderId()).isEqualTo(id);
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(fx.engine.openOrder(id)).isNull();
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS);
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldCancelByClientOrderId()
    {
        final long id = fx.limitWithClientId(ALICE, Side.SELL, 1700_00, 1_00, "c-7");

        fx.apply(new CancelOrder(ALICE, 0, "c-7", CancelReason.USER, null));

        fx.assertAccepted();
        assertThat(fx.only(OrderCancelled.class).orderId()).isEqualTo(id);
        assertThat(fx.result().orderId()).isEqualTo(id);
        assertThat(fx.asks()).isEmpty();
        assertThat(fx.locked(ALICE, USD)).isZero();
    }

    @Test
    void shouldReportRemainingQuantityWhenCancellingPartiallyFilledOrder()
    {
        final long id = fx.buy(ALICE, 1600_00, 3_00);
        fx.sell(BOB, 1600_00, 1_00);

        fx.apply(CancelOrder.byId(ALICE, id));

        assertThat(fx.only(OrderCancelled.class))
            .isEqualTo(new OrderCancelled(id, ALICE, 0, 1_00, 2_00, CancelReason.USER));
        assertThat(fx.locked(ALICE, NGN)).isZero();
    }

    @Test
    void shouldNotCancelAnotherAccountsOrder()
    {
        final long id = fx.limitWithClientId(ALICE, Side.BUY, 1600_00, 2_00, "c-1");
        final OpenOrder before = fx.engine.openOrder(id);

        fx.apply(CancelOrder.byId(BOB, id));
        fx.assertRejected(RejectReason.ORDER_NOT_FOUND);
        assertThat(fx.events(OrderCancelled.class)).isEmpty();

        fx.apply(new CancelOrder(BOB, 0, "c-1", CancelReason.USER, null));
        fx.assertRejected(RejectReason.ORDER_NOT_FOUND);

        assertThat(fx.engine.openOrder(id)).isEqualTo(before);
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1600_00, 2_00));
    }

    @Test
    void shouldRejectCancelOfOrderThatIsNoLongerOpen()
    {
        final long id = fx.sell(BOB, 1600_00, 1_00);
        fx.buy(ALICE, 1600_00, 1_00);

        fx.apply(CancelOrder.byId(BOB, id));

        fx.assertRejected(RejectReason.ORDER_NOT_FOUND);
    }

    @Test
    void shouldCancelWithDisconnectReason()
    {
        final long id = fx.buy(ALICE, 1600_00, 1_00);

        fx.apply(new CancelOrder(ALICE, id, null, CancelReason.DISCONNECT, null));

        assertThat(fx.only(OrderCancelled.class).reason()).isEqualTo(CancelReason.DISCONNECT);
        assertThat(fx.engine.openOrder(id)).isNull();
    }

    @Test
    void shouldMassCancelEveryOrderOfTheAccountOnEveryInstrument()
    {
        fx.listEurNgn(usdNgn());
        final long a1 = fx.buy(ALICE, 1600_00, 1_00);
        final long a2 = fx.sell(ALICE, 1700_00, 1_00);
        final long a3 = fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1600_00, 1_00);
        final long bob = fx.buy(BOB, 1600_00, 1_00);

        fx.apply(new MassCancel(ALICE, null, CancelReason.MASS_CANCEL, null));

        fx.assertAccepted();
        assertThat(fx.events(OrderCancelled.class))
            .allSatisfy(c -> assertThat(c.reason()).isEqualTo(CancelReason.MASS_CANCEL))
            .extracting(OrderCancelled::orderId).containsExactlyInAnyOrder(a1, a2, a3);
        assertThat(fx.engine.openOrders(ALICE)).isEmpty();
        assertThat(fx.engine.openOrder(bob)).isNotNull();
        assertThat(fx.locked(ALICE, NGN)).isZero();
        assertThat(fx.locked(ALICE, USD)).isZero();
    }

    @Test
    void shouldMassCancelOnlyOrdersOnTheNamedInstrument()
    {
        fx.listEurNgn(usdNgn());
        final long a1 = fx.buy(ALICE, 1600_00, 1_00);
        final long a2 = fx.limitOn(EUR_NGN, ALICE, Side.BUY, 1600_00, 1_00);

        fx.apply(new MassCancel(ALICE, SYMBOL, CancelReason.MASS_CANCEL, null));

        assertThat(fx.only(OrderCancelled.class).orderId()).isEqualTo(a1);
        assertThat(fx.engine.openOrders(ALICE)).extracting(OpenOrder::orderId).containsExactly(a2);
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1600_00, 1_00));
    }

    @Test
    void shouldMassCancelWithDisconnectReason()
    {
        fx.buy(ALICE, 1600_00, 1_00);
        fx.buy(ALICE, 1610_00, 1_00);

        fx.apply(new MassCancel(ALICE, null, CancelReason.DISCONNECT, null));

        assertThat(fx.events(OrderCancelled.class)).hasSize(2)
            .allSatisfy(c -> assertThat(c.reason()).isEqualTo(CancelReason.DISCONNECT));
        assertThat(fx.bids()).isEmpty();
    }

    @Test
    void shouldAcceptMassCancelWithNothingOpen()
    {
        fx.buy(BOB, 1600_00, 1_00);

        fx.apply(new MassCancel(ALICE, null, CancelReason.MASS_CANCEL, null));

        fx.assertAccepted();
        assertThat(fx.events(OrderCancelled.class)).isEmpty();
        assertThat(fx.bids()).containsExactly(new BookLevel(1600_00, 1_00, 1));
    }

    @Test
    void shouldRejectMassCancelOnUnknownInstrument()
    {
        final long id = fx.buy(ALICE, 1600_00, 1_00);

        fx.apply(new MassCancel(ALICE, "XAU/NGN", CancelReason.MASS_CANCEL, null));

        fx.assertRejected(RejectReason.UNKNOWN_INSTRUMENT);
        assertThat(fx.engine.openOrder(id)).isNotNull();
    }
}
