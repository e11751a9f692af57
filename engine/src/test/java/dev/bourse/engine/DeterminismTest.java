package dev.bourse.engine;

import dev.bourse.engine.command.AmendOrder;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.MassCancel;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.command.Withdraw;
import dev.bourse.engine.event.EngineEvent.Trade;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.CAROL;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.SYMBOL;
import static org.assertj.core.api.Assertions.assertThat;

class DeterminismTest
{
    // The script names orders by id, which is the sequence number: the fixture's setup uses 1 to 12.
    private static final long FIRST = 13;

    @Test
    void shouldProduceEqualEventsAndStateHashForEqualCommands()
    {
        final EngineFixture one = run(script());
        final EngineFixture two = run(script());

        assertThat(one.recorder.events()).filteredOn(Trade.class::isInstance).isNotEmpty();
        assertThat(two.recorder.events()).isEqualTo(one.recorder.events());
        assertThat(two.engine.stateHash()).isEqualTo(one.engine.stateHash());
    }

    @Test
    void shouldProduceDifferentStateHashForDifferentCommands()
    {
        final List<Command> changed = script();
        changed.set(8, new Withdraw(BOB, NGN, 2_0000, "w1"));

        assertThat(run(changed).engine.stateHash()).isNotEqualTo(run(script()).engine.stateHash());
    }

    @Test
    void shouldHashStateNotHistory()
    {
        // Bob's first price is replaced before anything trades with it, so it leaves no trace in the state.
        final List<Command> changed = script();
        changed.set(1, PlaceOrder.limit(BOB, SYMBOL, Side.SELL, 1701_00, 2_00));
        final EngineFixture one = run(changed);
        final EngineFixture two = run(script());

        assertThat(one.recorder.events()).isNotEqualTo(two.recorder.events());
        assertThat(one.engine.stateHash()).isEqualTo(two.engine.stateHash());
    }

    @Test
    void shouldProduceDifferentStateHashForSameCommandsInAnotherOrder()
    {
        final List<Command> reordered = script();
        reordered.set(0, script().get(1));
        reordered.set(1, script().get(0));

        assertThat(run(reordered).engine.stateHash()).isNotEqualTo(run(script()).engine.stateHash());
    }

    private static EngineFixture run(final List<Command> commands)
    {
        final EngineFixture fx = new EngineFixture();
        assertThat(fx.nextSequence()).isEqualTo(FIRST);
        for (final Command command : commands)
        {
            fx.advanceNanos(1_000_000);
            fx.apply(command);
        }
        fx.assertConsistent();
        return fx;
    }

    private static List<Command> script()
    {
        final List<Command> commands = new ArrayList<>();
        commands.add(PlaceOrder.limit(ALICE, SYMBOL, Side.BUY, 1650_00, 3_00));
        commands.add(PlaceOrder.limit(BOB, SYMBOL, Side.SELL, 1700_00, 2_00));
        commands.add(new PlaceOrder(CAROL, SYMBOL, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1650_00, 1_00,
            "c-1", StpMode.EXPIRE_MAKER, "k1"));
        commands.add(new AmendOrder(ALICE, FIRST, 0, 2_50, null));
        commands.add(new ReplaceOrder(BOB, FIRST + 1, 1690_00, 0, null, null));
        commands.add(PlaceOrder.market(CAROL, SYMBOL, Side.BUY, 50));
        commands.add(new PlaceOrder(ALICE, SYMBOL, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 1700_00, 2_00, null,
            null, null));
        commands.add(CancelOrder.byId(ALICE, FIRST));
        commands.add(new Withdraw(BOB, NGN, 1_0000, "w1"));
        commands.add(new MassCancel(BOB, null, CancelReason.MASS_CANCEL, null));
        return commands;
    }
}
