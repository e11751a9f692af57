package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.gateway.market.Markets;
import dev.bourse.gateway.stream.Frame;
import dev.bourse.gateway.stream.Topic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.LongFunction;

/**
 * An account's {@code user.orders} topic. Its frames hold the order as a command left it and are encoded only when
 * somebody reads them (a subscriber, a resume): most accounts of a busy venue have no subscriber, and encoding every
 * order change of every account was the largest part of publishing events. A snapshot keeps each frame's order, not
 * its bytes, and only a reference to it when the frame shows the order as it is now, which the snapshot's order table
 * holds already: most frames of a busy venue are of resting orders that have not changed since.
 */
final class UserOrdersTopic extends Topic
{
    /** The topic's name, the same for every account. */
    static final String NAME = "user.orders";
    // Frames read from a snapshot of the formats before stabyl-5 are bytes; a later snapshot keeps them so.
    private static final byte ENCODED = 0;
    private static final byte ORDER = 1;
    // Since stabyl-6: the order's current version, by id.
    private static final byte CURRENT_ORDER = 2;

    private final String epoch;
    private final Markets markets;
    private final LongFunction<OrderRecord> currentOrders;

    /**
     * @param currentOrders each kept order as it is now, or null; read again after the orders of a snapshot.
     */
    UserOrdersTopic(
        final String epoch, final Markets markets, final int ringCapacity,
        final LongFunction<OrderRecord> currentOrders)
    {
        super(NAME, ringCapacity);
        this.epoch = epoch;
        this.markets = markets;
        this.currentOrders = currentOrders;
    }

    /** Publishes the order as a command stamped {@code timestamp} left it. */
    void publish(final long timestamp, final OrderRecord order)
    {
        publishFrame(seq -> new OrderFrame(seq, epoch, timestamp, order));
    }

    @Override
    protected void writeFrame(final DataOutput out, final Frame frame) throws IOException
    {
        if (frame instanceof OrderFrame f)
        {
            final boolean current = f.order.isCurrent();
            out.writeByte(current ? CURRENT_ORDER : ORDER);
            out.writeLong(f.timestamp);
            if (current)
            {
                out.writeLong(f.order.id());
            }
            else
            {
                f.order.writeState(out);
            }
        }
        else
        {
            out.writeByte(ENCODED);
            writeEncoded(out, frame);
        }
    }

    @Override
    protected Frame readFrame(final DataInput in, final long frameSeq) throws IOException
    {
        final byte kind = in.readByte();
        return switch (kind)
        {
            case ORDER ->
            {
                final long timestamp = in.readLong();
                yield new OrderFrame(frameSeq, epoch, timestamp, OrderRecord.readFrameCopy(in, markets));
            }
            case CURRENT_ORDER ->
            {
                final long timestamp = in.readLong();
                final long orderId = in.readLong();
                final OrderRecord order = currentOrders.apply(orderId);
                if (null == order)
                {
                    throw new IOException("user.orders frame " + frameSeq + " names order " + orderId
                        + ", which the snapshot does not hold");
                }
                yield new OrderFrame(frameSeq, epoch, timestamp, order);
            }
            case ENCODED -> readEncoded(in, frameSeq);
            default -> throw new IOException("unknown user.orders frame kind " + kind);
        };
    }

    /** A frame of one order change, encoded on first use. */
    private static final class OrderFrame extends Frame
    {
        private final String epoch;
        private final long timestamp;
        private final OrderRecord order;

        OrderFrame(final long seq, final String epoch, final long timestamp, final OrderRecord order)
        {
            super(seq);
            this.epoch = epoch;
            this.timestamp = timestamp;
            this.order = order;
        }

        @Override
        protected byte[] encode()
        {
            return StabylFrames.data(NAME, epoch, seq(), timestamp, order.json());
        }
    }
}
