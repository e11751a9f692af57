package dev.bourse.engine;

import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.command.Withdraw;
import dev.bourse.engine.event.EngineEvent.AccountCreated;
import dev.bourse.engine.event.EngineEvent.BalanceChanged;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.FEE_ACCOUNT;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.NGN_FUNDS;
import static dev.bourse.engine.EngineFixture.NGN_ID;
import static dev.bourse.engine.EngineFixture.SYMBOL;
import static dev.bourse.engine.EngineFixture.USD;
import static dev.bourse.engine.EngineFixture.USD_FUNDS;
import static dev.bourse.engine.EngineFixture.USD_ID;
import static dev.bourse.engine.EngineFixture.notional;
import static org.assertj.core.api.Assertions.assertThat;

class AccountsTest
{
    private static final long DAVE = 4;

    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldOpenAccountWithNoBalances()
    {
        fx.apply(new CreateAccount(DAVE, StpMode.EXPIRE_TAKER));

        fx.assertAccepted();
        assertThat(fx.only(AccountCreated.class)).isEqualTo(new AccountCreated(DAVE));
        assertThat(fx.available(DAVE, USD)).isZero();
        assertThat(fx.available(DAVE, NGN)).isZero();
    }

    @Test
    void shouldCreditDepositToAvailableBalance()
    {
        fx.apply(new Deposit(ALICE, USD, 12_3456, null));

        fx.assertAccepted();
        assertThat(fx.available(ALICE, USD)).isEqualTo(USD_FUNDS + 12_3456);
        assertThat(fx.only(BalanceChanged.class))
            .isEqualTo(new BalanceChanged(ALICE, USD_ID, USD_FUNDS + 12_3456, 0));
    }

    @Test
    void shouldDebitWithdrawalFromAvailableBalance()
    {
        fx.apply(new Withdraw(ALICE, NGN, 500_0000, null));

        fx.assertAccepted();
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - 500_0000);
        assertThat(fx.only(BalanceChanged.class))
            .isEqualTo(new BalanceChanged(ALICE, NGN_ID, NGN_FUNDS - 500_0000, 0));
    }

    @Test
    void shouldWithdrawWholeAvailableBalance()
    {
        fx.apply(new Withdraw(ALICE, USD, USD_FUNDS, null));

        fx.assertAccepted();
        assertThat(fx.available(ALICE, USD)).isZero();
    }

    @Test
    void shouldNotWithdrawLockedFunds()
    {
        final long hold = notional(1650_00, 100_00);
        fx.buy(ALICE, 1650_00, 100_00);

        fx.apply(new Withdraw(ALICE, NGN, NGN_FUNDS - hold + 1, null));
        fx.assertRejected(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(fx.available(ALICE, NGN)).isEqualTo(NGN_FUNDS - hold);
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(hold);

        fx.apply(new Withdraw(ALICE, NGN, NGN_FUNDS - hold, null));
        fx.assertAccepted();
        assertThat(fx.available(ALICE, NGN)).isZero();
        assertThat(fx.locked(ALICE, NGN)).isEqualTo(hold);
    }

    @Test
    void shouldRejectUnknownAsset()
    {
        fx.apply(new Deposit(ALICE, "EUR", 1_0000, null));
        fx.assertRejected(RejectReason.UNKNOWN_ASSET);
        fx.apply(new Withdraw(ALICE, "EUR", 1_0000, null));
        fx.assertRejected(RejectReason.UNKNOWN_ASSET);
    }

    @Test
    void shouldRejectNonPositiveAmounts()
    {
        fx.apply(new Deposit(ALICE, USD, 0, null));
        fx.assertRejected(RejectReason.INVALID_AMOUNT);
        fx.apply(new Deposit(ALICE, USD, -1, null));
        fx.assertRejected(RejectReason.INVALID_AMOUNT);
        fx.apply(new Withdraw(ALICE, USD, 0, null));
        fx.assertRejected(RejectReason.INVALID_AMOUNT);
        fx.apply(new Withdraw(ALICE, USD, -1, null));
        fx.assertRejected(RejectReason.INVALID_AMOUNT);

        assertThat(fx.available(ALICE, USD)).isEqualTo(USD_FUNDS);
    }

    @Test
    void shouldRejectDepositThatWouldOverflow()
    {
        fx.apply(new Deposit(ALICE, USD, Long.MAX_VALUE - USD_FUNDS + 1, null));

        fx.assertRejected(RejectReason.AMOUNT_TOO_LARGE);
        assertThat(fx.available(ALICE, USD)).isEqualTo(USD_FUNDS);
    }

    @Test
    void shouldCapEachAssetsSupplySoThatNoTradeCreditCanOverflow()
    {
        // Deposits may take an asset's total up to Long.MAX_VALUE and no further.
        fx.deposit(BOB, NGN, Long.MAX_VALUE - fx.totalHeld(NGN));
        fx.apply(new Deposit(EngineFixture.CAROL, NGN, 1, null));
        fx.assertRejected(RejectReason.AMOUNT_TOO_LARGE);

        // Balances are conserved, so crediting Bob from a trade cannot pass the total either.
        fx.buy(ALICE, 1650_00, 1_00);
        fx.sell(BOB, 1650_00, 1_00);

        assertThat(fx.available(BOB, NGN)).as("Bob's NGN after selling").isPositive();
        assertThat(fx.totalHeld(NGN)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldRejectDuplicateAccount()
    {
        fx.apply(new CreateAccount(ALICE, StpMode.EXPIRE_BOTH));

        fx.assertRejected(RejectReason.ACCOUNT_EXISTS);
        // The existing account keeps its funds.
        assertThat(fx.available(ALICE, USD)).isEqualTo(USD_FUNDS);
    }

    @Test
    void shouldReserveAccountZeroForFees()
    {
        fx.apply(new CreateAccount(FEE_ACCOUNT, StpMode.EXPIRE_TAKER));
        fx.assertRejected(RejectReason.INVALID_ACCOUNT);

        fx.apply(new CreateAccount(-1, StpMode.EXPIRE_TAKER));
        fx.assertRejected(RejectReason.INVALID_ACCOUNT);
    }

    @Test
    void shouldRejectCommandsOfUnknownAccount()
    {
        fx.apply(new Deposit(DAVE, USD, 1_0000, null));
        fx.assertRejected(RejectReason.UNKNOWN_ACCOUNT);

        fx.apply(PlaceOrder.limit(DAVE, SYMBOL, Side.BUY, 1650_00, 1_00));
        fx.assertRejected(RejectReason.UNKNOWN_ACCOUNT);
        assertThat(fx.engine.openOrderCount()).isZero();
    }
}
