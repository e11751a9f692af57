package dev.bourse.engine;

import dev.bourse.engine.command.AmendOrder;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.MassCancel;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.command.SetInstrumentStatus;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.EngineEvent.BalanceChanged;
import dev.bourse.engine.event.EngineEvent.BookLevelChanged;
import dev.bourse.engine.event.EngineEvent.CommandResult;
import dev.bourse.engine.event.EngineEvent.CommandStarted;
import dev.bourse.engine.event.EngineEvent.Trade;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.CAROL;
import static dev.bourse.engine.EngineFixture.FEE_ACCOUNT;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.NGN_ID;
import static dev.bourse.engine.EngineFixture.SYMBOL;
import static dev.bourse.engine.EngineFixture.USD;
import static dev.bourse.engine.EngineFixture.USD_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class EventsTest
{
    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldReportEachChangedLevelOnceWithItsFinalAggregate()
    {
        fx.sell(BOB, 1700_00, 1_00);
        fx.sell(CAROL, 1700_00, 2_00);
        fx.sell(BOB, 1710_00, 2_00);

        // Three fills touch 1700.00 twice and 1710.00 once; the buy never rests.
        fx.buy(ALICE, 1710_00, 4_00);

        assertThat(fx.events(BookLevelChanged.class)).containsExactlyInAnyOrder(
            new BookLevelChanged(0, Side.SELL, 1700_00, 0, 0),
            new BookLevelChanged(0, Side.SELL, 1710_00, 1_00, 1));
    }

    @Test
    void shouldReportLevelsOfBothSidesWhenTakerRestsItsRemainder()
    {
        fx.sell(BOB, 1700_00, 1_00);

        fx.buy(ALICE, 1700_00, 3_00);

        assertThat(fx.events(BookLevelChanged.class)).containsExactlyInAnyOrder(
            new BookLevelChanged(0, Side.SELL, 1700_00, 0, 0),
            new BookLevelChanged(0, Side.BUY, 1700_00, 2_00, 1));
    }

    @Test
    void shouldNotReportABalanceThatEndsWhereItStarted()
    {
        // The IOC locks its hold and releases it in the same command: nothing a client sees has changed.
        fx.apply(new PlaceOrder(ALICE, SYMBOL, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 1650_00, 1_00, null, null,
            null));

        assertThat(fx.events(EngineEvent.OrderExpired.class)).hasSize(1);
        assertThat(fx.events(BalanceChanged.class)).isEmpty();
    }

    @Test
    void shouldReportEachChangedBalanceOnceWithItsFinalValue()
    {
        fx.sell(BOB, 1700_00, 1_00);
        fx.sell(CAROL, 1700_00, 2_00);
        fx.sell(BOB, 1710_00, 2_00);

        fx.buy(ALICE, 1710_00, 4_00);

        final List<BalanceChanged> balances = fx.events(BalanceChanged.class);
        assertThat(balances).extracting(BalanceChanged::accountId, BalanceChanged::assetId)
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrder(
                tuple(ALICE, NGN_ID), tuple(ALICE, USD_ID),
                tuple(BOB, NGN_ID), tuple(BOB, USD_ID),
                tuple(CAROL, NGN_ID), tuple(CAROL, USD_ID),
                tuple(FEE_ACCOUNT, NGN_ID), tuple(FEE_ACCOUNT, USD_ID));
        for (final BalanceChanged b : balances)
        {
            final String asset = b.assetId() == USD_ID ? USD : NGN;
            assertThat(b.available()).as("available of %s", b).isEqualTo(fx.available(b.accountId(), asset));
            assertThat(b.locked()).as("locked of %s", b).isEqualTo(fx.locked(b.accountId(), asset));
        }
    }

    @Test
    void shouldStartWithCommandStartedAndEndWithCommandResult()
    {
        final long resting = fx.buy(ALICE, 1600_00, 1_00);
        final PlaceOrder keyed = new PlaceOrder(
            ALICE, SYMBOL, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1800_00, 1_00, null, null, "k1");
        // Accepted, rejected, replayed, amended, replaced with a trade, not found, mass, admin and halting commands.
        final List<Command> commands = List.of(
            PlaceOrder.limit(BOB, SYMBOL, Side.SELL, 1700_00, 2_00),
            PlaceOrder.limit(BOB, SYMBOL, Side.SELL, 9999_00, 1_00),
            keyed,
            keyed,
            new AmendOrder(ALICE, resting, 1601_00, 0, null),
            new ReplaceOrder(ALICE, resting, 1700_00, 0, null, null),
            CancelOrder.byId(ALICE, resting),
            new MassCancel(BOB, null, CancelReason.MASS_CANCEL, null),
            new Deposit(CAROL, USD, 1, null),
            new CreateAsset(USD, 4),
            new SetInstrumentStatus(SYMBOL, InstrumentStatus.HALTED));

        for (final Command command : commands)
        {
            final long sequence = fx.apply(command);
            final List<EngineEvent> events = fx.events();
            assertThat(events.get(0)).as("first event of %s", command)
                .isEqualTo(new CommandStarted(sequence, fx.now()));
            assertThat(events.get(events.size() - 1)).as("last event of %s", command)
                .isInstanceOf(CommandResult.class);
            assertThat(events).as("results of %s", command)
                .filteredOn(CommandResult.class::isInstance).hasSize(1);
        }
    }

    @Test
    void shouldReportOrderEventsThenBalancesThenLevelsThenResult()
    {
        fx.sell(BOB, 1700_00, 1_00);
        fx.sell(CAROL, 1710_00, 1_00);

        fx.buy(ALICE, 1710_00, 3_00);

        final List<Integer> stages = fx.events().stream().map(EventsTest::stage).toList();
        assertThat(stages).isSorted().contains(0, 1, 2, 3, 4);
    }

    @Test
    void shouldDescribeTradeWithBothOrdersPriceQuantityFeesAndTakerSide()
    {
        final long maker = fx.sell(BOB, 1700_00, 2_00);

        final long taker = fx.buy(ALICE, 1700_00, 1_00);

        // Taker pays 20 bps of 1.0000 USD; maker 10 bps of 1,700.0000 NGN.
        assertThat(fx.only(Trade.class)).isEqualTo(new Trade(
            1, 0, 1700_00, 1_00, Side.BUY,
            taker, ALICE, 20, USD_ID,
            maker, BOB, 17_000, NGN_ID));
    }

    @Test
    void shouldDescribeSellTakerAndCountTradeIdsUp()
    {
        fx.sell(BOB, 1700_00, 1_00);
        fx.buy(ALICE, 1700_00, 1_00);
        final long maker = fx.buy(ALICE, 1600_00, 1_00);

        final long taker = fx.sell(CAROL, 1600_00, 1_00);

        // Taker pays 20 bps of 1,600.0000 NGN; maker 10 bps of 1.0000 USD.
        assertThat(fx.only(Trade.class)).isEqualTo(new Trade(
            2, 0, 1600_00, 1_00, Side.SELL,
            taker, CAROL, 32_000, NGN_ID,
            maker, ALICE, 10, USD_ID));
    }

    @Test
    void shouldReportNothingButResultForRejectedOrder()
    {
        fx.buy(ALICE, 9999_00, 1_00);

        assertThat(fx.events()).hasExactlyElementsOfTypes(
            CommandStarted.class, EngineEvent.OrderRejected.class, CommandResult.class);
    }

    @Test
    void shouldRefuseSequenceNumberThatDoesNotIncrease()
    {
        final long last = fx.engine.lastSequence();
        final int eventCount = fx.recorder.events().size();

        assertThatThrownBy(
                () -> fx.engine.apply(last, fx.now(), new Deposit(ALICE, USD, 1, null)))
            .isInstanceOf(IllegalArgumentException.class);

        assertThat(fx.engine.lastSequence()).isEqualTo(last);
        assertThat(fx.recorder.events()).hasSize(eventCount);
        assertThat(fx.available(ALICE, USD)).isEqualTo(EngineFixture.USD_FUNDS);
    }

    // 0 start, 1 order/trade/admin events, 2 balances, 3 book levels, 4 result.
    private static int stage(final EngineEvent event)
    {
        return switch (event)
        {
            case CommandStarted e -> 0;
            case BalanceChanged e -> 2;
            case BookLevelChanged e -> 3;
            case CommandResult e -> 4;
            default -> 1;
        };
    }
}
