package dev.bourse.journal.codec;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.AmendOrder;
import dev.bourse.engine.command.CancelOrder;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.IssueApiKey;
import dev.bourse.engine.command.MassCancel;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.command.RevokeApiKey;
import dev.bourse.engine.command.SetInstrumentStatus;
import dev.bourse.engine.command.Withdraw;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The binary form of a command in the journal: a format version byte (1), a type byte, then the record's fields in
 * declaration order. Numbers are big-endian {@code long}/{@code int}; a string is an int byte length (-1 for null)
 * and UTF-8 bytes; an enum is an int holding its ordinal (-1 for null), so enum constants may only ever be appended;
 * a SHA-256 is its 32 bytes; a permission set is an int bit mask by ordinal.
 *
 * <pre>
 *   type  command               fields after the type byte
 *   1     CreateAsset           code, scale
 *   2     CreateInstrument      base, quote, priceScale, quantityScale, tickSize, lotSize, minQuantity,
 *                               maxQuantity, minNotional, makerFeeBps, takerFeeBps, feeAsset, priceBandBps,
 *                               referencePrice, status
 *   3     SetInstrumentStatus   symbol, status
 *   4     CreateAccount         accountId, defaultStp
 *   5     Deposit               accountId, asset, amount, idempotencyKey
 *   6     Withdraw              accountId, asset, amount, idempotencyKey
 *   7     IssueApiKey           accountId, keyHash, permissions
 *   8     RevokeApiKey          keyId
 *   9     PlaceOrder            accountId, symbol, side, type, timeInForce, price, quantity, clientOrderId, stp,
 *                               idempotencyKey
 *   10    CancelOrder           accountId, orderId, clientOrderId, reason, idempotencyKey
 *   11    MassCancel            accountId, symbol, reason, idempotencyKey
 *   12    ReplaceOrder          accountId, orderId, price, quantity, clientOrderId, idempotencyKey
 *   13    AmendOrder            accountId, orderId, price, quantity, idempotencyKey
 * </pre>
 * Type numbers are never reused.
 */
public final class CommandCodec
{
    /** The format version written in every command's first byte. */
    public static final byte VERSION = 1;

    private static final int MAX_STRING_BYTES = 65_536;

    private CommandCodec()
    {
    }

    /** The command's bytes. */
    public static byte[] encode(final Command command)
    {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        while (true)
        {
            try
            {
                encode(command, buffer);
                final byte[] bytes = new byte[buffer.position()];
                buffer.flip().get(bytes);
                return bytes;
            }
            catch (final java.nio.BufferOverflowException e)
            {
                buffer = ByteBuffer.allocate(buffer.capacity() * 4);
            }
        }
    }

    /** Writes a command at the buffer's position and returns the bytes written. */
    public static int encode(final Command command, final ByteBuffer buffer)
    {
        final int start = buffer.position();
        buffer.put(VERSION);
        switch (command)
        {
            case CreateAsset c ->
            {
                buffer.put((byte)1);
                string(buffer, c.code());
                buffer.putInt(c.scale());
            }
            case CreateInstrument c ->
            {
                buffer.put((byte)2);
                string(buffer, c.base());
                string(buffer, c.quote());
                buffer.putInt(c.priceScale()).putInt(c.quantityScale()).putLong(c.tickSize()).putLong(c.lotSize())
                    .putLong(c.minQuantity()).putLong(c.maxQuantity()).putLong(c.minNotional())
                    .putInt(c.makerFeeBps()).putInt(c.takerFeeBps());
                enumeration(buffer, c.feeAsset());
                buffer.putInt(c.priceBandBps()).putLong(c.referencePrice());
                enumeration(buffer, c.status());
            }
            case SetInstrumentStatus c ->
            {
                buffer.put((byte)3);
                string(buffer, c.symbol());
                enumeration(buffer, c.status());
            }
            case CreateAccount c ->
            {
                buffer.put((byte)4).putLong(c.accountId());
                enumeration(buffer, c.defaultStp());
            }
            case Deposit c ->
            {
                buffer.put((byte)5).putLong(c.accountId());
                string(buffer, c.asset());
                buffer.putLong(c.amount());
                string(buffer, c.idempotencyKey());
            }
            case Withdraw c ->
            {
                buffer.put((byte)6).putLong(c.accountId());
                string(buffer, c.asset());
                buffer.putLong(c.amount());
                string(buffer, c.idempotencyKey());
            }
            case IssueApiKey c ->
            {
                buffer.put((byte)7).putLong(c.accountId()).put(c.keyHash().bytes());
                int mask = 0;
                for (final Permission p : c.permissions())
                {
                    mask |= 1 << p.ordinal();
                }
                buffer.putInt(mask);
            }
            case RevokeApiKey c -> buffer.put((byte)8).putLong(c.keyId());
            case PlaceOrder c ->
            {
                buffer.put((byte)9).putLong(c.accountId());
                string(buffer, c.symbol());
                enumeration(buffer, c.side());
                enumeration(buffer, c.type());
                enumeration(buffer, c.timeInForce());
                buffer.putLong(c.price()).putLong(c.quantity());
                string(buffer, c.clientOrderId());
                enumeration(buffer, c.stp());
                string(buffer, c.idempotencyKey());
            }
            case CancelOrder c ->
            {
                buffer.put((byte)10).putLong(c.accountId()).putLong(c.orderId());
                string(buffer, c.clientOrderId());
                enumeration(buffer, c.reason());
                string(buffer, c.idempotencyKey());
            }
            case MassCancel c ->
            {
                buffer.put((byte)11).putLong(c.accountId());
                string(buffer, c.symbol());
                enumeration(buffer, c.reason());
                string(buffer, c.idempotencyKey());
            }
            case ReplaceOrder c ->
            {
                buffer.put((byte)12).putLong(c.accountId()).putLong(c.orderId()).putLong(c.price())
                    .putLong(c.quantity());
                string(buffer, c.clientOrderId());
                string(buffer, c.idempotencyKey());
            }
            case AmendOrder c ->
            {
                buffer.put((byte)13).putLong(c.accountId()).putLong(c.orderId()).putLong(c.price())
                    .putLong(c.quantity());
                string(buffer, c.idempotencyKey());
            }
        }
        return buffer.position() - start;
    }

    /**
     * Reads one command at the buffer's position.
     *
     * @throws CommandFormatException if the bytes are not a command of this format; never anything else.
     */
    public static Command decode(final ByteBuffer buffer)
    {
        try
        {
            return decodeUnchecked(buffer);
        }
        catch (final BufferUnderflowException e)
        {
            throw new CommandFormatException("truncated command: remaining=" + buffer.remaining());
        }
        catch (final IllegalArgumentException | NullPointerException e)
        {
            // A record's own checks refused the decoded values.
            throw new CommandFormatException("invalid command fields: error=" + e.getMessage());
        }
    }

    private static Command decodeUnchecked(final ByteBuffer buffer)
    {
        final byte version = buffer.get();
        if (version != VERSION)
        {
            throw new CommandFormatException("unsupported format: version=" + version);
        }
        final byte type = buffer.get();
        return switch (type)
        {
            case 1 -> new CreateAsset(string(buffer), buffer.getInt());
            case 2 -> new CreateInstrument(string(buffer), string(buffer), buffer.getInt(), buffer.getInt(),
                buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong(),
                buffer.getInt(), buffer.getInt(), enumeration(buffer, FeeAsset.values()), buffer.getInt(),
                buffer.getLong(), enumeration(buffer, InstrumentStatus.values()));
            case 3 -> new SetInstrumentStatus(string(buffer), enumeration(buffer, InstrumentStatus.values()));
            case 4 -> new CreateAccount(buffer.getLong(), enumeration(buffer, StpMode.values()));
            case 5 -> new Deposit(buffer.getLong(), string(buffer), buffer.getLong(), string(buffer));
            case 6 -> new Withdraw(buffer.getLong(), string(buffer), buffer.getLong(), string(buffer));
            case 7 ->
            {
                final long accountId = buffer.getLong();
                final byte[] hash = new byte[32];
                buffer.get(hash);
                final int mask = buffer.getInt();
                final Set<Permission> permissions = EnumSet.noneOf(Permission.class);
                for (final Permission p : Permission.values())
                {
                    if ((mask & 1 << p.ordinal()) != 0)
                    {
                        permissions.add(p);
                    }
                }
                if ((mask & -(1 << Permission.values().length)) != 0)
                {
                    throw new CommandFormatException("unknown permission bits: mask=" + mask);
                }
                yield new IssueApiKey(accountId, Sha256.fromBytes(hash), permissions);
            }
            case 8 -> new RevokeApiKey(buffer.getLong());
            case 9 -> new PlaceOrder(buffer.getLong(), string(buffer), enumeration(buffer, Side.values()),
                enumeration(buffer, OrderType.values()), enumeration(buffer, TimeInForce.values()), buffer.getLong(),
                buffer.getLong(), string(buffer), enumeration(buffer, StpMode.values()), string(buffer));
            case 10 -> new CancelOrder(buffer.getLong(), buffer.getLong(), string(buffer),
                enumeration(buffer, CancelReason.values()), string(buffer));
            case 11 -> new MassCancel(buffer.getLong(), string(buffer), enumeration(buffer, CancelReason.values()),
                string(buffer));
            case 12 -> new ReplaceOrder(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong(),
                string(buffer), string(buffer));
            case 13 -> new AmendOrder(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong(),
                string(buffer));
            default -> throw new CommandFormatException("unknown command type: type=" + type);
        };
    }

    private static void string(final ByteBuffer buffer, final String value)
    {
        if (null == value)
        {
            buffer.putInt(-1);
            return;
        }
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(bytes.length).put(bytes);
    }

    private static String string(final ByteBuffer buffer)
    {
        final int length = buffer.getInt();
        if (length == -1)
        {
            return null;
        }
        if (length < -1 || length > MAX_STRING_BYTES || length > buffer.remaining())
        {
            throw new CommandFormatException("bad string length: length=" + length + ", remaining="
                + buffer.remaining());
        }
        final byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void enumeration(final ByteBuffer buffer, final Enum<?> value)
    {
        buffer.putInt(null == value ? -1 : value.ordinal());
    }

    private static <E extends Enum<E>> E enumeration(final ByteBuffer buffer, final E[] values)
    {
        final int ordinal = buffer.getInt();
        if (ordinal == -1)
        {
            return null;
        }
        if (ordinal < 0 || ordinal >= values.length)
        {
            throw new CommandFormatException("unknown " + values[0].getDeclaringClass().getSimpleName()
                + ": ordinal=" + ordinal);
        }
        return values[ordinal];
    }
}
