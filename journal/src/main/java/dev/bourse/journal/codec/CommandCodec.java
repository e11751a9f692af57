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

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The binary form of a canonical command, as a journal record's payload. Compact and versioned; the bytes of one
 * command are the same on every machine, whatever the buffer's byte order.
 *
 * <pre>
 * command:
 *   0   byte     format version (1)
 *   1   byte     type id, from the table below
 *   2   ...      the record's components in declaration order, each encoded by its kind
 *
 * kinds; numbers are big-endian two's complement:
 *   long     8 bytes
 *   int      4 bytes
 *   string   int n, then n bytes of UTF-8; n = -1 for null, else 0 &lt;= n &lt;= 65536
 *   enum     byte code from the enum tables below; -1 for null, only where the component may be null
 *   sha256   32 bytes, the digest as Sha256.bytes() gives it
 *   perms    int bit mask: bit 0 ORDERS_CREATE, bit 1 ORDERS_EXECUTE, bit 2 EXCHANGE_READ; other bits 0
 *
 * type ids:
 *   1 CreateAsset          5 Deposit        9 PlaceOrder     13 AmendOrder
 *   2 CreateInstrument     6 Withdraw      10 CancelOrder
 *   3 SetInstrumentStatus  7 IssueApiKey   11 MassCancel
 *   4 CreateAccount        8 RevokeApiKey  12 ReplaceOrder
 *
 * 1 CreateAsset                        9 PlaceOrder
 *   string  code                         long    accountId
 *   int     scale                        string  symbol
 *                                        enum    side (Side)
 * 2 CreateInstrument                     enum    type (OrderType)
 *   string  base                         enum    timeInForce (TimeInForce)
 *   string  quote                        long    price
 *   int     priceScale                   long    quantity
 *   int     quantityScale                string  clientOrderId
 *   long    tickSize                     enum    stp (StpMode), -1 for null
 *   long    lotSize                      string  idempotencyKey
 *   long    minQuantity
 *   long    maxQuantity                10 CancelOrder
 *   long    minNotional                  long    accountId
 *   int     makerFeeBps                  long    orderId
 *   int     takerFeeBps                  string  clientOrderId
 *   enum    feeAsset (FeeAsset)          enum    reason (CancelReason)
 *   int     priceBandBps                 string  idempotencyKey
 *   long    referencePrice
 *   enum    status (InstrumentStatus)  11 MassCancel
 *                                        long    accountId
 * 3 SetInstrumentStatus                  string  symbol
 *   string  symbol                       enum    reason (CancelReason)
 *   enum    status (InstrumentStatus)    string  idempotencyKey
 *
 * 4 CreateAccount                      12 ReplaceOrder
 *   long    accountId                    long    accountId
 *   enum    defaultStp (StpMode)         long    orderId
 *                                        long    price
 * 5 Deposit, 6 Withdraw                  long    quantity
 *   long    accountId                    string  clientOrderId
 *   string  asset                        string  idempotencyKey
 *   long    amount
 *   string  idempotencyKey             13 AmendOrder
 *                                        long    accountId
 * 7 IssueApiKey                          long    orderId
 *   long    accountId                    long    price
 *   sha256  keyHash                      long    quantity
 *   perms   permissions                  string  idempotencyKey
 *
 * 8 RevokeApiKey
 *   long    keyId
 *
 * enum codes:
 *   InstrumentStatus  0 TRADING, 1 HALTED, 2 CANCEL_ONLY, 3 POST_ONLY
 *   FeeAsset          0 RECEIVED, 1 QUOTE
 *   Side              0 BUY, 1 SELL
 *   OrderType         0 LIMIT, 1 MARKET
 *   TimeInForce       0 GTC, 1 IOC, 2 FOK, 3 POST_ONLY
 *   StpMode           0 EXPIRE_TAKER, 1 EXPIRE_MAKER, 2 EXPIRE_BOTH
 *   CancelReason      0 USER, 1 REPLACED, 2 SELF_TRADE, 3 IOC_REMAINDER, 4 MASS_CANCEL, 5 DISCONNECT, 6 HALT
 * </pre>
 *
 * <p>Type ids 5, 6 and 9 to 13 are the ones the records use for their fingerprints. An id, an enum code or a
 * permission bit is never reused or renumbered, even when its command or constant is removed: a new one takes the
 * next free value. Codes come from the tables in this class, not from {@code ordinal()}, so reordering an enum's
 * constants changes nothing here. Changing a record's components needs a new type id or a new format version.
 *
 * <p>Decoding accepts exactly what encoding produces, so a decoded command encodes back to the bytes it came from.
 * Anything else, including null where a component is required, malformed UTF-8 or a record's own validation failing,
 * is a {@link CommandFormatException}, and no other exception, for any input.
 */
public final class CommandCodec
{
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** The longest string a command may carry, in UTF-8 bytes. */
    public static final int MAX_STRING_BYTES = 1 << 16;

    static final int CREATE_ASSET = 1;
    static final int CREATE_INSTRUMENT = 2;
    static final int SET_INSTRUMENT_STATUS = 3;
    static final int CREATE_ACCOUNT = 4;
    static final int DEPOSIT = 5;
    static final int WITHDRAW = 6;
    static final int ISSUE_API_KEY = 7;
    static final int REVOKE_API_KEY = 8;
    static final int PLACE_ORDER = 9;
    static final int CANCEL_ORDER = 10;
    static final int MASS_CANCEL = 11;
    static final int REPLACE_ORDER = 12;
    static final int AMEND_ORDER = 13;

    private static final int NULL_LENGTH = -1;
    private static final byte NULL_CODE = -1;
    private static final int SHA256_BYTES = 32;
    private static final int FIRST_ARRAY_BYTES = 256;

    // A constant's index in its table is its wire code: append only, never reorder or remove.
    private static final InstrumentStatus[] INSTRUMENT_STATUSES = {
        InstrumentStatus.TRADING, InstrumentStatus.HALTED, InstrumentStatus.CANCEL_ONLY, InstrumentStatus.POST_ONLY};
    private static final FeeAsset[] FEE_ASSETS = {FeeAsset.RECEIVED, FeeAsset.QUOTE};
    private static final Side[] SIDES = {Side.BUY, Side.SELL};
    private static final OrderType[] ORDER_TYPES = {OrderType.LIMIT, OrderType.MARKET};
    private static final TimeInForce[] TIMES_IN_FORCE = {
        TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK, TimeInForce.POST_ONLY};
    private static final StpMode[] STP_MODES = {StpMode.EXPIRE_TAKER, StpMode.EXPIRE_MAKER, StpMode.EXPIRE_BOTH};
    private static final CancelReason[] CANCEL_REASONS = {
        CancelReason.USER, CancelReason.REPLACED, CancelReason.SELF_TRADE, CancelReason.IOC_REMAINDER,
        CancelReason.MASS_CANCEL, CancelReason.DISCONNECT, CancelReason.HALT};
    // Index = bit number in the mask; an int holds at most 32.
    private static final Permission[] PERMISSION_BITS = {
        Permission.ORDERS_CREATE, Permission.ORDERS_EXECUTE, Permission.EXCHANGE_READ};

    private CommandCodec()
    {
    }

    /**
     * Encodes a command into a new array of exactly its length.
     *
     * @throws CommandFormatException if a string is longer than {@link #MAX_STRING_BYTES} or not well-formed UTF-16.
     */
    public static byte[] encode(final Command command)
    {
        // The largest command (three strings of MAX_STRING_BYTES) fits in 2^18 bytes, so the loop ends.
        for (int capacity = FIRST_ARRAY_BYTES; ; capacity *= 2)
        {
            final ByteBuffer buffer = ByteBuffer.allocate(capacity);
            try
            {
                final int length = encode(command, buffer);
                return Arrays.copyOf(buffer.array(), length);
            }
            catch (final BufferOverflowException e)
            {
                // Try again with twice the room; a command is almost always a few dozen bytes.
            }
        }
    }

    /**
     * Writes a command at the buffer's position and moves the position past it. On any failure the position is left
     * where it was, though bytes after it may have been overwritten. The buffer's byte order is ignored and kept.
     *
     * @param command the command to write.
     * @param buffer  where to write it.
     * @return the number of bytes written.
     * @throws BufferOverflowException if the command does not fit in the buffer's remaining bytes.
     * @throws CommandFormatException  if a string is longer than {@link #MAX_STRING_BYTES} or not well-formed UTF-16.
     */
    public static int encode(final Command command, final ByteBuffer buffer)
    {
        Objects.requireNonNull(command, "command");
        final int start = buffer.position();
        final ByteOrder order = buffer.order();
        buffer.order(ByteOrder.BIG_ENDIAN);
        try
        {
            buffer.put((byte)VERSION);
            switch (command)
            {
                case CreateAsset c -> writeCreateAsset(buffer, c);
                case CreateInstrument c -> writeCreateInstrument(buffer, c);
                case SetInstrumentStatus c -> writeSetInstrumentStatus(buffer, c);
                case CreateAccount c -> writeCreateAccount(buffer, c);
                case Deposit c -> writeDeposit(buffer, c);
                case Withdraw c -> writeWithdraw(buffer, c);
                case IssueApiKey c -> writeIssueApiKey(buffer, c);
                case RevokeApiKey c -> writeRevokeApiKey(buffer, c);
                case PlaceOrder c -> writePlaceOrder(buffer, c);
                case CancelOrder c -> writeCancelOrder(buffer, c);
                case MassCancel c -> writeMassCancel(buffer, c);
                case ReplaceOrder c -> writeReplaceOrder(buffer, c);
                case AmendOrder c -> writeAmendOrder(buffer, c);
            }
            return buffer.position() - start;
        }
        catch (final RuntimeException e)
        {
            buffer.position(start);
            throw e;
        }
        finally
        {
            buffer.order(order);
        }
    }

    /**
     * Reads one command at the buffer's position and moves the position past it; bytes after it are not looked at.
     * On failure the position is left where it was. The buffer's byte order is ignored and kept.
     *
     * @param buffer where to read from.
     * @return the command.
     * @throws CommandFormatException if the bytes are not a command in this format; never any other exception.
     */
    public static Command decode(final ByteBuffer buffer)
    {
        final int start = buffer.position();
        final ByteOrder order = buffer.order();
        buffer.order(ByteOrder.BIG_ENDIAN);
        try
        {
            final int version = getByte(buffer, "version") & 0xFF;
            if (VERSION != version)
            {
                throw new CommandFormatException("unsupported format: version=" + version);
            }
            final int type = getByte(buffer, "type") & 0xFF;
            try
            {
                return switch (type)
                {
                    case CREATE_ASSET -> readCreateAsset(buffer);
                    case CREATE_INSTRUMENT -> readCreateInstrument(buffer);
                    case SET_INSTRUMENT_STATUS -> readSetInstrumentStatus(buffer);
                    case CREATE_ACCOUNT -> readCreateAccount(buffer);
                    case DEPOSIT -> readDeposit(buffer);
                    case WITHDRAW -> readWithdraw(buffer);
                    case ISSUE_API_KEY -> readIssueApiKey(buffer);
                    case REVOKE_API_KEY -> readRevokeApiKey(buffer);
                    case PLACE_ORDER -> readPlaceOrder(buffer);
                    case CANCEL_ORDER -> readCancelOrder(buffer);
                    case MASS_CANCEL -> readMassCancel(buffer);
                    case REPLACE_ORDER -> readReplaceOrder(buffer);
                    case AMEND_ORDER -> readAmendOrder(buffer);
                    default -> throw new CommandFormatException("unknown command type: type=" + type);
                };
            }
            catch (final IllegalArgumentException | NullPointerException e)
            {
                // Thrown by a record's compact constructor: well-formed bytes, but not a command the record accepts.
                throw new CommandFormatException("invalid command: type=" + type + ", problem=" + e.getMessage(), e);
            }
        }
        catch (final CommandFormatException e)
        {
            buffer.position(start);
            throw e;
        }
        finally
        {
            buffer.order(order);
        }
    }

    // Writers and readers, one pair per record. Arguments are evaluated left to right (JLS 15.7.4), so each reader
    // consumes the components in declaration order.

    private static void writeCreateAsset(final ByteBuffer buffer, final CreateAsset c)
    {
        buffer.put((byte)CREATE_ASSET);
        putString(buffer, c.code(), "code");
        buffer.putInt(c.scale());
    }

    private static CreateAsset readCreateAsset(final ByteBuffer buffer)
    {
        return new CreateAsset(getRequiredString(buffer, "code"), getInt(buffer, "scale"));
    }

    private static void writeCreateInstrument(final ByteBuffer buffer, final CreateInstrument c)
    {
        buffer.put((byte)CREATE_INSTRUMENT);
        putString(buffer, c.base(), "base");
        putString(buffer, c.quote(), "quote");
        buffer.putInt(c.priceScale());
        buffer.putInt(c.quantityScale());
        buffer.putLong(c.tickSize());
        buffer.putLong(c.lotSize());
        buffer.putLong(c.minQuantity());
        buffer.putLong(c.maxQuantity());
        buffer.putLong(c.minNotional());
        buffer.putInt(c.makerFeeBps());
        buffer.putInt(c.takerFeeBps());
        putEnum(buffer, FEE_ASSETS, c.feeAsset());
        buffer.putInt(c.priceBandBps());
        buffer.putLong(c.referencePrice());
        putEnum(buffer, INSTRUMENT_STATUSES, c.status());
    }

    private static CreateInstrument readCreateInstrument(final ByteBuffer buffer)
    {
        return new CreateInstrument(
            getRequiredString(buffer, "base"),
            getRequiredString(buffer, "quote"),
            getInt(buffer, "priceScale"),
            getInt(buffer, "quantityScale"),
            getLong(buffer, "tickSize"),
            getLong(buffer, "lotSize"),
            getLong(buffer, "minQuantity"),
            getLong(buffer, "maxQuantity"),
            getLong(buffer, "minNotional"),
            getInt(buffer, "makerFeeBps"),
            getInt(buffer, "takerFeeBps"),
            getEnum(buffer, FEE_ASSETS, "feeAsset"),
            getInt(buffer, "priceBandBps"),
            getLong(buffer, "referencePrice"),
            getEnum(buffer, INSTRUMENT_STATUSES, "status"));
    }

    private static void writeSetInstrumentStatus(final ByteBuffer buffer, final SetInstrumentStatus c)
    {
        buffer.put((byte)SET_INSTRUMENT_STATUS);
        putString(buffer, c.symbol(), "symbol");
        putEnum(buffer, INSTRUMENT_STATUSES, c.status());
    }

    private static SetInstrumentStatus readSetInstrumentStatus(final ByteBuffer buffer)
    {
        return new SetInstrumentStatus(
            getRequiredString(buffer, "symbol"), getEnum(buffer, INSTRUMENT_STATUSES, "status"));
    }

    private static void writeCreateAccount(final ByteBuffer buffer, final CreateAccount c)
    {
        buffer.put((byte)CREATE_ACCOUNT);
        buffer.putLong(c.accountId());
        putEnum(buffer, STP_MODES, c.defaultStp());
    }

    private static CreateAccount readCreateAccount(final ByteBuffer buffer)
    {
        return new CreateAccount(getLong(buffer, "accountId"), getEnum(buffer, STP_MODES, "defaultStp"));
    }

    private static void writeDeposit(final ByteBuffer buffer, final Deposit c)
    {
        buffer.put((byte)DEPOSIT);
        buffer.putLong(c.accountId());
        putString(buffer, c.asset(), "asset");
        buffer.putLong(c.amount());
        putString(buffer, c.idempotencyKey(), "idempotencyKey");
    }

    private static Deposit readDeposit(final ByteBuffer buffer)
    {
        return new Deposit(
            getLong(buffer, "accountId"),
            getRequiredString(buffer, "asset"),
            getLong(buffer, "amount"),
            getString(buffer, "idempotencyKey"));
    }

    private static void writeWithdraw(final ByteBuffer buffer, final Withdraw c)
    {
        buffer.put((byte)WITHDRAW);
        buffer.putLong(c.accountId());
        putString(buffer, c.asset(), "asset");
        buffer.putLong(c.amount());
        putString(buffer, c.idempotencyKey(), "idempotencyKey");
    }

    private static Withdraw readWithdraw(final ByteBuffer buffer)
    {
        return new Withdraw(
            getLong(buffer, "accountId"),
            getRequiredString(buffer, "asset"),
            getLong(buffer, "amount"),
            getString(buffer, "idempotencyKey"));
    }

    private static void writeIssueApiKey(final ByteBuffer buffer, final IssueApiKey c)
    {
        buffer.put((byte)ISSUE_API_KEY);
        buffer.putLong(c.accountId());
        final Sha256 hash = c.keyHash();
        buffer.putLong(hash.w0()).putLong(hash.w1()).putLong(hash.w2()).putLong(hash.w3());
        putPermissions(buffer, c.permissions());
    }

    private static IssueApiKey readIssueApiKey(final ByteBuffer buffer)
    {
        return new IssueApiKey(
            getLong(buffer, "accountId"), getSha256(buffer, "keyHash"), getPermissions(buffer, "permissions"));
    }

    private static void writeRevokeApiKey(final ByteBuffer buffer, final RevokeApiKey c)
    {
        buffer.put((byte)REVOKE_API_KEY);
        buffer.putLong(c.keyId());
    }

    private static RevokeApiKey readRevokeApiKey(final ByteBuffer buffer)
    {
        return new RevokeApiKey(getLong(buffer, "keyId"));
    }

    private static void writePlaceOrder(final ByteBuffer buffer, final PlaceOrder c)
    {
        buffer.put((byte)PLACE_ORDER);
        buffer.putLong(c.accountId());
        putString(buffer, c.symbol(), "symbol");
        putEnum(buffer, SIDES, c.side());
        putEnum(buffer, ORDER_TYPES, c.type());
        putEnum(buffer, TIMES_IN_FORCE, c.timeInForce());
        buffer.putLong(c.price());
        buffer.putLong(c.quantity());
        putString(buffer, c.clientOrderId(), "clientOrderId");
        putEnum(buffer, STP_MODES, c.stp());
        putString(buffer, c.idempotencyKey(), "idempotencyKey");
    }

    private static PlaceOrder readPlaceOrder(final ByteBuffer buffer)
    {
        return new PlaceOrder(
            getLong(buffer, "accountId"),
            getRequiredString(buffer, "symbol"),
            getEnum(buffer, SIDES, "side"),
            getEnum(buffer, ORDER_TYPES, "type"),
            getEnum(buffer, TIMES_IN_FORCE, "timeInForce"),
            getLong(buffer, "price"),
            getLong(buffer, "quantity"),
            getString(buffer, "clientOrderId"),
            getNullableEnum(buffer, STP_MODES, "stp"),
            getString(buffer, "idempotencyKey"));
    }

    private static void writeCancelOrder(final ByteBuffer buffer, final CancelOrder c)
    {
        buffer.put((byte)CANCEL_ORDER);
        buffer.putLong(c.accountId());
        buffer.putLong(c.orderId());
        putString(buffer, c.clientOrderId(), "clientOrderId");
        putEnum(buffer, CANCEL_REASONS, c.reason());
        putString(buffer, c.idempotencyKey(), "idempotencyKey");
    }

    private static CancelOrder readCancelOrder(final ByteBuffer buffer)
    {
        return new CancelOrder(
            getLong(buffer, "accountId"),
            getLong(buffer, "orderId"),
            getString(buffer, "clientOrderId"),
            getEnum(buffer, CANCEL_REASONS, "reason"),
            getString(buffer, "idempotencyKey"));
    }

    private static void writeMassCancel(final ByteBuffer buffer, final MassCancel c)
    {
        buffer.put((byte)MASS_CANCEL);
        buffer.putLong(c.accountId());
        putString(buffer, c.symbol(), "symbol");
        putEnum(buffer, CANCEL_REASONS, c.reason());
        putString(buffer, c.idempotencyKey(), "idempotencyKey");
    }

    private static MassCancel readMassCancel(final ByteBuffer buffer)
    {
        return new MassCancel(
            getLong(buffer, "accountId"),
            getString(buffer, "symbol"),
            getEnum(buffer, CANCEL_REASONS, "reason"),
            getString(buffer, "idempotencyKey"));
    }

    private static void writeReplaceOrder(final ByteBuffer buffer, final ReplaceOrder c)
    {
        buffer.put((byte)REPLACE_ORDER);
        buffer.putLong(c.accountId());
        buffer.putLong(c.orderId());
        buffer.putLong(c.price());
        buffer.putLong(c.quantity());
        putString(buffer, c.clientOrderId(), "clientOrderId");
        putString(buffer, c.idempotencyKey(), "idempotencyKey");
    }

    private static ReplaceOrder readReplaceOrder(final ByteBuffer buffer)
    {
        return new ReplaceOrder(
            getLong(buffer, "accountId"),
            getLong(buffer, "orderId"),
            getLong(buffer, "price"),
            getLong(buffer, "quantity"),
            getString(buffer, "clientOrderId"),
            getString(buffer, "idempotencyKey"));
    }

    private static void writeAmendOrder(final ByteBuffer buffer, final AmendOrder c)
    {
        buffer.put((byte)AMEND_ORDER);
        buffer.putLong(c.accountId());
        buffer.putLong(c.orderId());
        buffer.putLong(c.price());
        buffer.putLong(c.quantity());
        putString(buffer, c.idempotencyKey(), "idempotencyKey");
    }

    private static AmendOrder readAmendOrder(final ByteBuffer buffer)
    {
        return new AmendOrder(
            getLong(buffer, "accountId"),
            getLong(buffer, "orderId"),
            getLong(buffer, "price"),
            getLong(buffer, "quantity"),
            getString(buffer, "idempotencyKey"));
    }

    // Encoding of each kind.

    private static void putString(final ByteBuffer buffer, final String value, final String field)
    {
        if (null == value)
        {
            buffer.putInt(NULL_LENGTH);
            return;
        }
        // getBytes would turn a lone surrogate into '?': the journal would then replay another string than the
        // engine saw, and fingerprints and state hashes would differ after recovery.
        checkWellFormed(value, field);
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES)
        {
            throw new CommandFormatException(
                "string too long: field=" + field + ", length=" + bytes.length + ", max=" + MAX_STRING_BYTES);
        }
        buffer.putInt(bytes.length).put(bytes);
    }

    private static void checkWellFormed(final String value, final String field)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                throw new CommandFormatException("unpaired surrogate: field=" + field + ", index=" + i);
            }
        }
    }

    private static void putEnum(final ByteBuffer buffer, final Enum<?>[] codes, final Enum<?> value)
    {
        buffer.put(null == value ? NULL_CODE : code(codes, value));
    }

    private static byte code(final Enum<?>[] codes, final Enum<?> value)
    {
        for (int i = 0; i < codes.length; i++)
        {
            if (codes[i] == value)
            {
                return (byte)i;
            }
        }
        throw new IllegalStateException(
            "no wire code: enum=" + value.getDeclaringClass().getSimpleName() + ", constant=" + value.name());
    }

    private static void putPermissions(final ByteBuffer buffer, final Set<Permission> permissions)
    {
        int mask = 0;
        for (final Permission permission : permissions)
        {
            mask |= 1 << code(PERMISSION_BITS, permission);
        }
        buffer.putInt(mask);
    }

    // Decoding of each kind; every read checks the remaining bytes first, so nothing but CommandFormatException
    // escapes.

    private static void require(final ByteBuffer buffer, final int needed, final String field)
    {
        if (buffer.remaining() < needed)
        {
            throw new CommandFormatException(
                "truncated command: needed=" + needed + ", remaining=" + buffer.remaining() + ", field=" + field);
        }
    }

    private static byte getByte(final ByteBuffer buffer, final String field)
    {
        require(buffer, Byte.BYTES, field);
        return buffer.get();
    }

    private static int getInt(final ByteBuffer buffer, final String field)
    {
        require(buffer, Integer.BYTES, field);
        return buffer.getInt();
    }

    private static long getLong(final ByteBuffer buffer, final String field)
    {
        require(buffer, Long.BYTES, field);
        return buffer.getLong();
    }

    private static String getRequiredString(final ByteBuffer buffer, final String field)
    {
        final String value = getString(buffer, field);
        if (null == value)
        {
            throw new CommandFormatException("missing required field: field=" + field);
        }
        return value;
    }

    private static String getString(final ByteBuffer buffer, final String field)
    {
        final int length = getInt(buffer, field);
        if (NULL_LENGTH == length)
        {
            return null;
        }
        if (length < 0)
        {
            throw new CommandFormatException("negative string length: field=" + field + ", length=" + length);
        }
        if (length > MAX_STRING_BYTES)
        {
            throw new CommandFormatException(
                "string too long: field=" + field + ", length=" + length + ", max=" + MAX_STRING_BYTES);
        }
        require(buffer, length, field);
        final ByteBuffer bytes = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        try
        {
            // A new decoder reports malformed input instead of replacing it with U+FFFD.
            return StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        }
        catch (final CharacterCodingException e)
        {
            throw new CommandFormatException("malformed UTF-8: field=" + field + ", length=" + length, e);
        }
    }

    private static <E extends Enum<E>> E getEnum(final ByteBuffer buffer, final E[] codes, final String field)
    {
        final E value = getNullableEnum(buffer, codes, field);
        if (null == value)
        {
            throw new CommandFormatException("missing required field: field=" + field);
        }
        return value;
    }

    private static <E extends Enum<E>> E getNullableEnum(final ByteBuffer buffer, final E[] codes, final String field)
    {
        final byte code = getByte(buffer, field);
        if (NULL_CODE == code)
        {
            return null;
        }
        if (code < 0 || code >= codes.length)
        {
            throw new CommandFormatException("unknown enum code: field=" + field + ", code=" + code);
        }
        return codes[code];
    }

    private static Sha256 getSha256(final ByteBuffer buffer, final String field)
    {
        require(buffer, SHA256_BYTES, field);
        return new Sha256(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    private static Set<Permission> getPermissions(final ByteBuffer buffer, final String field)
    {
        final int mask = getInt(buffer, field);
        final int known = (1 << PERMISSION_BITS.length) - 1;
        if (0 != (mask & ~known))
        {
            throw new CommandFormatException(
                "unknown permission bits: field=" + field + ", mask=0x" + Integer.toHexString(mask));
        }
        final Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (int bit = 0; bit < PERMISSION_BITS.length; bit++)
        {
            if (0 != (mask & (1 << bit)))
            {
                permissions.add(PERMISSION_BITS[bit]);
            }
        }
        return permissions;
    }
}
