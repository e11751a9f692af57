package dev.bourse.engine;

import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.command.Withdraw;
import dev.bourse.engine.event.EngineEvent.CommandResult;
import dev.bourse.engine.event.EngineEvent.CommandStarted;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.idempotency.IdempotencyStore;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.NGN_FUNDS;
import static dev.bourse.engine.EngineFixture.SYMBOL;
import static dev.bourse.engine.EngineFixture.USD;
import static dev.bourse.engine.EngineFixture.USD_FUNDS;
import static dev.bourse.engine.EngineFixture.notional;
import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest
{
    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldReplayOriginalResultForSameKeyAndIntent()
    {
        final long id = fx.apply(buy(ALICE, 1600_00, "k1"));

        fx.apply(buy(ALICE, 1600_00, "k1"));

        assertThat(fx.events()).hasExactlyElementsOfTypes(CommandStarted.class, CommandResult.class);
        assertThat(fx.result()).isEqualTo(
            new CommandResult(Outcome.ACCEPTED, null, id, 0, OrderStatus.ACCEPTED, true));
        assertThat(fx.engine.openOrderCount()).isEqualTo(1);
        assertThat(fx.bids()).containsExactly(new BookLevel(1600_00, 1_00, 1));
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(notional(1600_00, 1_00));
    }

    @Test
    void shouldLeaveStateAsAnyNoOpCommandWouldWhenReplaying()
    {
        // The state hash covers the last sequence number, so a replay is compared with a command that is known to
        // change nothing else: a rejected cancel without key, at the same sequence number and time.
        final EngineFixture twin = new EngineFixture();
        fx.apply(buy(ALICE, 1600_00, "k1"));
        twin.apply(buy(ALICE, 1600_00, "k1"));

        fx.apply(buy(ALICE, 1600_00, "k1"));
        twin.apply(CancelOrder.byId(ALICE, 999_999));

        assertThat(fx.result().replayed()).isTrue();
        twin.assertRejected(RejectReason.ORDER_NOT_FOUND);
        assertThat(fx.engine.stateHash()).isEqualTo(twin.engine.stateHash());
    }

    @Test
    void shouldReplayOriginalResultAfterOrderHasChanged()
    {
        final long id = fx.apply(buy(ALICE, 1600_00, "k1"));
        fx.sell(BOB, 1600_00, 1_00);
        assertThat(fx.engine.openOrder(id)).isNull();

        fx.apply(buy(ALICE, 1600_00, "k1"));

        assertThat(fx.result().replayed()).isTrue();
        assertThat(fx.result().orderId()).isEqualTo(id);
        assertThat(fx.result().orderStatus()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(fx.engine.openOrderCount()).isZero();
    }

    @Test
    void shouldReplayRejectionEvenWhenRetryWouldNowSucceed()
    {
        final Withdraw tooMuch = new Withdraw(ALICE, USD, USD_FUNDS + 1, "w1");
        fx.apply(tooMuch);
        fx.assertRejected(RejectReason.INSUFFICIENT_BALANCE);
        fx.deposit(ALICE, USD, 1);

        fx.apply(tooMuch);

        assertThat(fx.result()).isEqualTo(new CommandResult(
            Outcome.REJECTED, RejectReason.INSUFFICIENT_BALANCE, 0, 0, null, true));
        assertThat(fx.available(ALICE, USD)).isEqualTo(USD_FUNDS + 1);
    }

    @Test
    void shouldReplayCancelInsteadOfReportingOrderNotFound()
    {
        final long id = fx.buy(ALICE, 1600_00, 1_00);
        final CancelOrder cancel = new CancelOrder(ALICE, id, null, CancelReason.USER, "c1");
        fx.apply(cancel);

        fx.apply(cancel);

        assertThat(fx.result()).isEqualTo(
            new CommandResult(Outcome.ACCEPTED, null, id, 0, OrderStatus.CANCELLED, true));
    }

    @Test
    void shouldReplayReplaceWithTheSameSuccessor()
    {
        final long original = fx.buy(ALICE, 1600_00, 1_00);
        final ReplaceOrder replace = new ReplaceOrder(ALICE, original, 1605_00, 0, null, "r1");
        final long successor = fx.apply(replace);

        fx.apply(replace);

        assertThat(fx.result()).isEqualTo(
            new CommandResult(Outcome.ACCEPTED, null, original, successor, OrderStatus.ACCEPTED, true));
        assertThat(fx.engine.openOrders(ALICE)).extracting(OpenOrder::orderId).containsExactly(successor);
    }

    @Test
    void shouldNotCreditDepositTwice()
    {
        final Deposit deposit = new Deposit(ALICE, NGN, 5_0000, "d1");
        fx.apply(deposit);

        fx.apply(deposit);

        assertThat(fx.result().replayed()).isTrue();
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS + 5_0000);
    }

    @Test
    void shouldRejectSameKeyWithDifferentIntent()
    {
        final long id = fx.apply(buy(ALICE, 1600_00, "k1"));

        fx.apply(buy(ALICE, 1601_00, "k1"));

        fx.assertRejected(RejectReason.IDEMPOTENCY_CONFLICT);
        assertThat(fx.result().replayed()).isFalse();
        assertThat(fx.engine.openOrders(ALICE)).extracting(OpenOrder::orderId).containsExactly(id);
        assertThat(fx.bids()).containsExactly(new BookLevel(1600_00, 1_00, 1));
    }

    @Test
    void shouldRejectSameKeyReusedForAnotherKindOfCommand()
    {
        fx.apply(buy(ALICE, 1600_00, "k1"));

        fx.apply(new Deposit(ALICE, NGN, 1_0000, "k1"));

        fx.assertRejected(RejectReason.IDEMPOTENCY_CONFLICT);
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - notional(1600_00, 1_00));
    }

    @Test
    void shouldKeepKeysPerAccount()
    {
        final long alices = fx.apply(buy(ALICE, 1600_00, "k1"));

        final long bobs = fx.apply(buy(BOB, 1601_00, "k1"));

        fx.assertAccepted();
        assertThat(fx.result().replayed()).isFalse();
        assertThat(fx.result().orderId()).isEqualTo(bobs);
        assertThat(fx.engine.openOrder(alices)).isNotNull();
        assertThat(fx.engine.openOrder(bobs)).isNotNull();
    }

    @Test
    void shouldForgetKeyAfter24HoursOfEngineTime()
    {
        final long first = fx.apply(buy(ALICE, 1600_00, "k1"));

        fx.advanceNanos(IdempotencyStore.RETENTION_NANOS - 1);
        fx.apply(buy(ALICE, 1600_00, "k1"));
        assertThat(fx.result().replayed()).isTrue();
        assertThat(fx.result().orderId()).isEqualTo(first);

        fx.advanceNanos(1);
        final long second = fx.apply(buy(ALICE, 1600_00, "k1"));
        fx.assertAccepted();
        assertThat(fx.result().replayed()).isFalse();
        assertThat(fx.result().orderId()).isEqualTo(second);
        assertThat(fx.engine.openOrderCount()).isEqualTo(2);

        // The key is now remembered for the new order.
        fx.apply(buy(ALICE, 1600_00, "k1"));
        assertThat(fx.result().replayed()).isTrue();
        assertThat(fx.result().orderId()).isEqualTo(second);
    }

    @Test
    void shouldAllowDifferentIntentOnceKeyExpired()
    {
        fx.apply(buy(ALICE, 1600_00, "k1"));
        fx.advanceNanos(IdempotencyStore.RETENTION_NANOS);

        fx.apply(buy(ALICE, 1601_00, "k1"));

        fx.assertAccepted();
        assertThat(fx.engine.openOrderCount()).isEqualTo(2);
    }

    private static PlaceOrder buy(final long account, final long price, final String key)
    {
        return new PlaceOrder(account, SYMBOL, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, price, 1_00, null, null,
            key);
    }
}
