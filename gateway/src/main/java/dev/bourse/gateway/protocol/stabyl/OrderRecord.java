package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import dev.bourse.gateway.json.Decimals;
import dev.bourse.gateway.json.Json;
import dev.bourse.gateway.json.Timestamps;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.market.Markets;
import tools.jackson.core.JsonGenerator;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;

/**
 * One order as the engine's events told it. Changed only on the publisher thread, and only until it is published (the
 * projection's kept version, a user.orders frame): from then on it is read by other threads, and a change is made to a
 * {@link #copy}. Its JSON, the REST shape and the data of user.orders, is made the first time it is read: most
 * versions are replaced before anybody reads them.
 */
public final class OrderRecord implements Cloneable
{
    private static final byte[] NO_BYTES = new byte[0];

    long id;
    long accountId;
    int marketId;
    String clientOrderId;
    Side side;
    OrderType type;
    TimeInForce timeInForce;
    long price;
    long quantity;
    long filled;
    // Sum of price x quantity over fills, for the average fill price: exact, as the product may pass a long.
    BigInteger filledNotional = BigInteger.ZERO;
    OrderStatus status;
    RejectReason rejectReason;
    CancelReason cancelReason;
    long createdAt;
    long updatedAt;
    long replacesOrderId;
    long replacedByOrderId;
    // No longer the kept version of its order: a command changed a copy, or the order was let go. Never copied.
    // Set on the publisher thread; a snapshot's writer thread reads it without a lock, which is safe both ways: set
    // before the snapshot was taken, it is seen (the capture is handed over after it); set after, either value
    // writes the same state (the record whole, or by its id from the order table the snapshot took).
    boolean stale;
    // Set when published; null when the order named no known market.
    Market market;
    private volatile byte[] json;

    // Every field is a primitive or immutable, so a shallow copy is a whole one, and a field added later is copied too;
    // only what describes this version, not the order, starts afresh.
    OrderRecord copy()
    {
        try
        {
            final OrderRecord o = (OrderRecord)super.clone();
            o.stale = false;
            o.json = null;
            return o;
        }
        catch (final CloneNotSupportedException e)
        {
            throw new AssertionError("OrderRecord is Cloneable", e);
        }
    }

    /** The order id. */
    public long id()
    {
        return id;
    }

    /** The owner. */
    public long accountId()
    {
        return accountId;
    }

    /** The client's id for it, or null. */
    public String clientOrderId()
    {
        return clientOrderId;
    }

    /** Its market's pair id, or null when the order named no known market. */
    public String pairId()
    {
        return null == market ? null : market.pairId();
    }

    /** Its status. */
    public OrderStatus status()
    {
        return status;
    }

    /** When it last changed, in engine nanoseconds. */
    public long updatedAt()
    {
        return updatedAt;
    }

    /** The order object as JSON; any thread, once published. */
    public byte[] json()
    {
        byte[] b = json;
        if (null == b)
        {
            // Racing threads render equal bytes from the same unchanging version; either copy is kept.
            b = Json.write(this::write);
            json = b;
        }
        return b;
    }

    /**
     * Whether this is the kept version of its order: no command changed it since, nor was it let go. A flag, not a
     * lookup: a snapshot asks it of a million frames.
     */
    boolean isCurrent()
    {
        return !stale;
    }

    long remaining()
    {
        return OrderStatus.ACCEPTED == status || OrderStatus.PARTIALLY_FILLED == status ? quantity - filled : 0;
    }

    boolean isOpen()
    {
        return OrderStatus.ACCEPTED == status || OrderStatus.PARTIALLY_FILLED == status;
    }

    // The order object of the REST shape, also the data of user.orders.
    private void write(final JsonGenerator g)
    {
        final int ps = null == market ? 0 : market.priceScale();
        final int qs = null == market ? 0 : market.quantityScale();
        g.writeStartObject();
        g.writeStringProperty("id", Long.toString(id));
        g.writeStringProperty("client_order_id", clientOrderId);
        g.writeStringProperty("pair_id", null == market ? null : market.pairId());
        g.writeStringProperty("side", CommandRequest.lower(side));
        g.writeStringProperty("order_type", CommandRequest.lower(type));
        g.writeStringProperty("time_in_force", OrderType.MARKET == type ? null : timeInForce.name());
        g.writeStringProperty("price", OrderType.MARKET == type ? null : Decimals.format(price, ps));
        g.writeStringProperty("quantity", Decimals.format(quantity, qs));
        g.writeStringProperty("filled_quantity", Decimals.format(filled, qs));
        g.writeStringProperty("remaining_quantity", Decimals.format(remaining(), qs));
        g.writeStringProperty("avg_fill_price", 0 == filled ? null : Decimals.format(averagePrice(), ps));
        g.writeStringProperty("status", CommandRequest.lower(status));
        g.writeStringProperty("reject_reason", null == rejectReason ? null : rejectReason.wireName());
        g.writeStringProperty("cancel_reason",
            null == cancelReason ? null : CommandRequest.lower(cancelReason));
        g.writeStringProperty("created_at", Timestamps.format(createdAt));
        g.writeStringProperty("updated_at", Timestamps.format(updatedAt));
        g.writeName("replace");
        g.writeStartObject();
        g.writeStringProperty("replaces_order_id", 0 == replacesOrderId ? null : Long.toString(replacesOrderId));
        g.writeStringProperty("replaced_by_order_id",
            0 == replacedByOrderId ? null : Long.toString(replacedByOrderId));
        g.writeEndObject();
        g.writeEndObject();
    }

    private long averagePrice()
    {
        return filledNotional.divide(BigInteger.valueOf(filled)).longValueExact();
    }

    void writeState(final DataOutput out) throws IOException
    {
        out.writeLong(id);
        out.writeLong(accountId);
        out.writeInt(marketId);
        writeNullable(out, clientOrderId);
        out.writeByte(side.ordinal());
        out.writeByte(type.ordinal());
        out.writeByte(timeInForce.ordinal());
        out.writeLong(price);
        out.writeLong(quantity);
        out.writeLong(filled);
        // Nothing filled, no notional: the BigInteger is not even read, which with a million resting orders is a
        // million fewer cache misses for a snapshot.
        final byte[] notional = 0 == filled ? NO_BYTES : filledNotional.toByteArray();
        out.writeShort(notional.length);
        out.write(notional);
        out.writeByte(status.ordinal());
        out.writeShort(null == rejectReason ? -1 : rejectReason.code());
        out.writeByte(null == cancelReason ? -1 : cancelReason.ordinal());
        out.writeLong(createdAt);
        out.writeLong(updatedAt);
        out.writeLong(replacesOrderId);
        out.writeLong(replacedByOrderId);
    }

    static OrderRecord readState(final DataInput in) throws IOException
    {
        final OrderRecord o = new OrderRecord();
        o.id = in.readLong();
        o.accountId = in.readLong();
        o.marketId = in.readInt();
        o.clientOrderId = readNullable(in);
        o.side = Side.values()[in.readByte()];
        o.type = OrderType.values()[in.readByte()];
        o.timeInForce = TimeInForce.values()[in.readByte()];
        o.price = in.readLong();
        o.quantity = in.readLong();
        o.filled = in.readLong();
        final byte[] notional = new byte[in.readShort()];
        in.readFully(notional);
        o.filledNotional = 0 == notional.length ? BigInteger.ZERO : new BigInteger(notional);
        o.status = OrderStatus.values()[in.readByte()];
        final short reject = in.readShort();
        o.rejectReason = reject < 0 ? null : RejectReason.fromCode(reject);
        final byte cancel = in.readByte();
        o.cancelReason = cancel < 0 ? null : CancelReason.values()[cancel];
        o.createdAt = in.readLong();
        o.updatedAt = in.readLong();
        o.replacesOrderId = in.readLong();
        o.replacedByOrderId = in.readLong();
        return o;
    }

    /** Reads a user.orders frame's own copy of an order, which {@link #writeState} wrote. */
    static OrderRecord readFrameCopy(final DataInput in, final Markets markets) throws IOException
    {
        final OrderRecord o = readState(in);
        o.market = markets.byId(o.marketId);
        // Written out because it was not the kept version: it never becomes that.
        o.stale = true;
        return o;
    }

    static void writeNullable(final DataOutput out, final String value) throws IOException
    {
        out.writeBoolean(null != value);
        if (null != value)
        {
            out.writeUTF(value);
        }
    }

    static String readNullable(final DataInput in) throws IOException
    {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
