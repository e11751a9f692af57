package dev.bourse.engine;

import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BAND_LOW;
import static dev.bourse.engine.EngineFixture.SYMBOL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client order ids and idempotency keys are chosen by clients, who can choose thousands sharing one String.hashCode.
 * An open-addressing table that trusted it would probe all the earlier ones on every command: with either table
 * probing on String.hashCode (as fastutil's maps do) this test took 6-10 s, against about half a second.
 */
class HashFloodingTest
{
    private static final int KEYS = 1 << 15;

    @Test
    void shouldPlaceAndCancelByClientIdOrdersWhoseIdsAndKeysAllShareOneHashCode()
    {
        final EngineFixture fx = new EngineFixture();
        final String[] ids = new String[KEYS];
        for (int n = 0; n < KEYS; n++)
        {
            final StringBuilder id = new StringBuilder(32);
            for (int bit = 0; bit < 15; bit++)
            {
                id.append((n >> bit & 1) == 0 ? "Aa" : "BB");
            }
            ids[n] = id.toString();
        }
        assertThat(ids[0].hashCode()).isEqualTo(ids[KEYS - 1].hashCode());

        final long start = System.nanoTime();
        for (final String id : ids)
        {
            fx.apply(new PlaceOrder(
                ALICE, SYMBOL, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, BAND_LOW, 1, id, null, "p" + id));
            assertThat(fx.result().outcome()).isEqualTo(Outcome.ACCEPTED);
        }
        for (final String id : ids)
        {
            fx.apply(new CancelOrder(ALICE, 0, id, CancelReason.USER, "c" + id));
            assertThat(fx.result().outcome()).isEqualTo(Outcome.ACCEPTED);
        }
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(fx.engine.openOrders(ALICE)).isEmpty();
        // Generous for a shared machine; the quadratic probing this guards against takes seconds.
        assertThat(millis).as("%,d orders placed and cancelled, in ms", KEYS).isLessThan(2_000);
    }
}
