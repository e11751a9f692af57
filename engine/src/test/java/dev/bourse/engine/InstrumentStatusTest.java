package dev.bourse.engine;

import dev.bourse.engine.command.AmendOrder;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.command.SetInstrumentStatus;
import dev.bourse.engine.event.EngineEvent.BookLevelChanged;
import dev.bourse.engine.event.EngineEvent.CommandResult;
import dev.bourse.engine.event.EngineEvent.CommandStarted;
import dev.bourse.engine.event.EngineEvent.InstrumentStatusChanged;
import dev.bourse.engine.event.EngineEvent.OrderAmended;
import dev.bourse.engine.event.EngineEvent.OrderCancelled;
import dev.bourse.engine.event.EngineEvent.Trade;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.SYMBOL;
import static dev.bourse.engine.EngineFixture.USD;
import static dev.bourse.engine.EngineFixture.notional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class InstrumentStatusTest
{
    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldCancelEveryOpenOrderWithReasonHaltWhenHalted()
    {
        final long bid = fx.buy(ALICE, 1600_00, 1_00);
        final long ask = fx.sell(BOB, 1700_00, 2_00);

        setStatus(InstrumentStatus.HALTED);

        fx.assertAccepted();
        assertThat(fx.events(OrderCancelled.class))
            .extracting(OrderCancelled::orderId, OrderCancelled::reason)
            .containsExactlyInAnyOrder(tuple(bid, CancelReason.HALT), tuple(ask, CancelReason.HALT));
        assertThat(fx.only(InstrumentStatusChanged.class))
            .isEqualTo(new InstrumentStatusChanged(0, InstrumentStatus.HALTED));
        assertThat(fx.events(BookLevelChanged.class)).extracting(BookLevelChanged::quantity).containsOnly(0L);
        assertThat(fx.engine.instrumentStatus(SYMBOL)).isEqualTo(InstrumentStatus.HALTED);
        assertThat(fx.bids()).isEmpty();
        assertThat(fx.asks()).isEmpty();
        assertThat(fx.locked(ALICE, NGN)).isZero();
        assertThat(fx.locked(BOB, USD)).isZero();
    }

    @Test
    void shouldRejectNewOrdersWhileHalted()
    {
        setStatus(InstrumentStatus.HALTED);

        fx.buy(ALICE, 1600_00, 1_00);
        fx.assertRejected(RejectReason.INSTRUMENT_HALTED);
        fx.market(ALICE, Side.SELL, 1_00);
        fx.assertRejected(RejectReason.INSTRUMENT_HALTED);
        assertThat(fx.engine.openOrderCount()).isZero();
    }

    @Test
    void shouldRejectNewOrdersButAllowCancelAndReductionInCancelOnly()
    {
        final long reduced = fx.buy(ALICE, 1600_00, 2_00);
        final long cancelled = fx.buy(ALICE, 1600_00, 3_00);

        setStatus(InstrumentStatus.CANCEL_ONLY);
        // Unlike a halt, cancel-only keeps the book.
        assertThat(fx.engine.openOrderCount()).isEqualTo(2);

        fx.buy(BOB, 1600_00, 1_00);
        fx.assertRejected(RejectReason.INSTRUMENT_CANCEL_ONLY);

        fx.apply(new AmendOrder(ALICE, reduced, 0, 1_00, null));
        fx.assertAccepted();
        assertThat(fx.only(OrderAmended.class).priorityKept()).isTrue();

        fx.apply(CancelOrder.byId(ALICE, cancelled));
        fx.assertAccepted();
        assertThat(fx.bids()).containsExactly(new BookLevel(1600_00, 1_00, 1));
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1600_00, 1_00));
    }

    @Test
    void shouldRejectAmendsThatAddRiskInCancelOnly()
    {
        final long id = fx.buy(ALICE, 1600_00, 2_00);
        setStatus(InstrumentStatus.CANCEL_ONLY);

        fx.apply(new AmendOrder(ALICE, id, 0, 3_00, null));
        fx.assertRejected(RejectReason.INSTRUMENT_CANCEL_ONLY);
        fx.apply(new AmendOrder(ALICE, id, 1601_00, 0, null));
        fx.assertRejected(RejectReason.INSTRUMENT_CANCEL_ONLY);

        assertThat(fx.bids()).containsExactly(new BookLevel(1600_00, 2_00, 1));
    }

    @Test
    void shouldOnlyAcceptOrdersThatAddLiquidityInPostOnly()
    {
        fx.sell(BOB, 1700_00, 1_00);
        setStatus(InstrumentStatus.POST_ONLY);

        fx.market(ALICE, Side.BUY, 1_00);
        fx.assertRejected(RejectReason.INSTRUMENT_POST_ONLY);
        fx.limit(ALICE, Side.BUY, TimeInForce.IOC, 1700_00, 1_00);
        fx.assertRejected(RejectReason.INSTRUMENT_POST_ONLY);
        fx.limit(ALICE, Side.BUY, TimeInForce.FOK, 1700_00, 1_00);
        fx.assertRejected(RejectReason.INSTRUMENT_POST_ONLY);
        fx.buy(ALICE, 1700_00, 1_00);
        fx.assertRejected(RejectReason.POST_ONLY_WOULD_TAKE);

        fx.buy(ALICE, 1699_99, 1_00);
        fx.assertAccepted();
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(fx.asks()).containsExactly(new BookLevel(1700_00, 1_00, 1));
        assertThat(fx.bids()).containsExactly(new BookLevel(1699_99, 1_00, 1));
    }

    @Test
    void shouldTradeAgainAfterResumingTrading()
    {
        fx.sell(BOB, 1700_00, 1_00);
        setStatus(InstrumentStatus.POST_ONLY);

        setStatus(InstrumentStatus.TRADING);
        assertThat(fx.only(InstrumentStatusChanged.class))
            .isEqualTo(new InstrumentStatusChanged(0, InstrumentStatus.TRADING));

        fx.buy(ALICE, 1700_00, 1_00);
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.FILLED);
        assertThat(fx.events(Trade.class)).hasSize(1);
    }

    @Test
    void shouldAcceptOrdersAfterHaltIsLifted()
    {
        setStatus(InstrumentStatus.HALTED);
        setStatus(InstrumentStatus.TRADING);

        fx.buy(ALICE, 1600_00, 1_00);

        fx.assertAccepted();
        assertThat(fx.bids()).containsExactly(new BookLevel(1600_00, 1_00, 1));
    }

    @Test
    void shouldReportNothingWhenStatusIsUnchanged()
    {
        setStatus(InstrumentStatus.TRADING);

        fx.assertAccepted();
        assertThat(fx.events()).hasExactlyElementsOfTypes(CommandStarted.class, CommandResult.class);
    }

    @Test
    void shouldRejectStatusChangeOfUnknownInstrument()
    {
        fx.apply(new SetInstrumentStatus("XAU/NGN", InstrumentStatus.HALTED));

        fx.assertRejected(RejectReason.UNKNOWN_INSTRUMENT);
    }

    private void setStatus(final InstrumentStatus status)
    {
        fx.apply(new SetInstrumentStatus(SYMBOL, status));
    }
}
