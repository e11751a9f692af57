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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandCodecTest
{
    private static final int RANDOM_RUNS = 100_000;
    // A new seed each run widens coverage over time; a failure prints it, and -Dbourse.test.seed=... replays it.
    private static final long SEED = Long.getLong("bourse.test.seed", new Random().nextLong());
    private static final HexFormat HEX = HexFormat.of();
    // "what is wrong: key=value, ...", the shape of every format error.
    private static final Pattern FACTS = Pattern.compile("[a-zA-Z0-9 -]+: [a-zA-Z]+=.*", Pattern.DOTALL);
    private static final String NON_ASCII = "naïve-ключ-🙂";
    private static final Sha256 HASH =
        new Sha256(0x0102030405060708L, 0x1112131415161718L, 0x2122232425262728L, 0x3132333435363738L);

    // One command per type with every component set, and its bytes written out by hand from the class javadoc.
    private static final String PLACE_ORDER_HEX =
        "01" +                              // format version
        "09" +                              // type: PlaceOrder
        "0000000000000007" +                // accountId 7
        "00000007" + "4254432f555344" +     // symbol "BTC/USD"
        "01" +                              // side SELL
        "00" +                              // type LIMIT
        "03" +                              // timeInForce POST_ONLY
        "0000000000632ea0" +                // price 6,500,000
        "00000000000000fa" +                // quantity 250
        "00000003" + "632d31" +             // clientOrderId "c-1"
        "02" +                              // stp EXPIRE_BOTH
        "00000003" + "6b2d31";              // idempotencyKey "k-1"

    private static Stream<Arguments> everyTypeWithItsBytes()
    {
        return Stream.of(
            Arguments.of(new CreateAsset("BTC", 8),
                "0101" + "00000003425443" + "00000008"),
            Arguments.of(new CreateInstrument("BTC", "USD", 2, 8, 1, 1000, 1000, 100_000_000_000L, 1000, 10, 20,
                    FeeAsset.QUOTE, 500, 6_500_000, InstrumentStatus.TRADING),
                "0102" + "00000003425443" + "00000003555344" + "00000002" + "00000008" + "0000000000000001" +
                "00000000000003e8" + "00000000000003e8" + "000000174876e800" + "00000000000003e8" + "0000000a" +
                "00000014" + "01" + "000001f4" + "0000000000632ea0" + "00"),
            Arguments.of(new SetInstrumentStatus("BTC/USD", InstrumentStatus.CANCEL_ONLY),
                "0103" + "000000074254432f555344" + "02"),
            Arguments.of(new CreateAccount(42, StpMode.EXPIRE_MAKER),
                "0104" + "000000000000002a" + "01"),
            Arguments.of(new Deposit(42, "USD", 1_000_000, "naïve"),
                "0105" + "000000000000002a" + "00000003555344" + "00000000000f4240" + "000000066e61c3af7665"),
            Arguments.of(new Withdraw(42, "USD", 5, null),
                "0106" + "000000000000002a" + "00000003555344" + "0000000000000005" + "ffffffff"),
            Arguments.of(new IssueApiKey(42, HASH, EnumSet.of(Permission.ORDERS_CREATE, Permission.EXCHANGE_READ)),
                "0107" + "000000000000002a" + "0102030405060708111213141516171821222324252627283132333435363738" +
                "00000005"),
            Arguments.of(new RevokeApiKey(-1),
                "0108" + "ffffffffffffffff"),
            Arguments.of(new PlaceOrder(7, "BTC/USD", Side.SELL, OrderType.LIMIT, TimeInForce.POST_ONLY, 6_500_000,
                    250, "c-1", StpMode.EXPIRE_BOTH, "k-1"),
                PLACE_ORDER_HEX),
            Arguments.of(new CancelOrder(7, 0, "c-1", CancelReason.DISCONNECT, null),
                "010a" + "0000000000000007" + "0000000000000000" + "00000003632d31" + "05" + "ffffffff"),
            Arguments.of(new MassCancel(7, null, CancelReason.MASS_CANCEL, "k-2"),
                "010b" + "0000000000000007" + "ffffffff" + "04" + "000000036b2d32"),
            Arguments.of(new ReplaceOrder(7, 9, 6_400_000, 0, null, "k-3"),
                "010c" + "0000000000000007" + "0000000000000009" + "000000000061a800" + "0000000000000000" +
                "ffffffff" + "000000036b2d33"),
            Arguments.of(new AmendOrder(7, 9, 0, 150, null),
                "010d" + "0000000000000007" + "0000000000000009" + "0000000000000000" + "0000000000000096" +
                "ffffffff"));
    }

    private static Stream<Command> everyTypeWithNullableComponentsNull()
    {
        return Stream.of(
            new Deposit(1, "USD", 1, null),
            new Withdraw(1, "USD", 1, null),
            new IssueApiKey(1, HASH, Set.of()),
            new PlaceOrder(1, "BTC/USD", Side.BUY, OrderType.MARKET, TimeInForce.IOC, 0, 1, null, null, null),
            new CancelOrder(1, 2, null, CancelReason.USER, null),
            new MassCancel(1, null, CancelReason.DISCONNECT, null),
            new ReplaceOrder(1, 2, 0, 0, null, null),
            new AmendOrder(1, 2, 0, 0, null));
    }

    private static Stream<Command> everyTypeWithExtremeValues()
    {
        final long min = Long.MIN_VALUE;
        final long max = Long.MAX_VALUE;
        return Stream.of(
            new CreateAsset("", Integer.MIN_VALUE),
            new CreateAsset(NON_ASCII, Integer.MAX_VALUE),
            new CreateInstrument("", NON_ASCII, Integer.MIN_VALUE, Integer.MAX_VALUE, min, max, min, max, min,
                Integer.MIN_VALUE, Integer.MAX_VALUE, FeeAsset.RECEIVED, Integer.MIN_VALUE, max,
                InstrumentStatus.POST_ONLY),
            new SetInstrumentStatus(NON_ASCII, InstrumentStatus.HALTED),
            new CreateAccount(min, StpMode.EXPIRE_TAKER),
            new CreateAccount(max, StpMode.EXPIRE_BOTH),
            new Deposit(min, "", max, ""),
            new Withdraw(max, NON_ASCII, min, NON_ASCII),
            new IssueApiKey(min, new Sha256(min, max, -1, 0), EnumSet.allOf(Permission.class)),
            new IssueApiKey(max, Sha256.of(NON_ASCII), Set.of(Permission.ORDERS_EXECUTE)),
            new RevokeApiKey(min),
            new RevokeApiKey(max),
            new PlaceOrder(min, "", Side.BUY, OrderType.MARKET, TimeInForce.FOK, min, max, "", StpMode.EXPIRE_MAKER,
                ""),
            new PlaceOrder(max, NON_ASCII, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, max, min, NON_ASCII, null,
                NON_ASCII),
            new CancelOrder(min, max, "", CancelReason.USER, NON_ASCII),
            new MassCancel(max, "", CancelReason.DISCONNECT, ""),
            new ReplaceOrder(min, max, min, max, NON_ASCII, ""),
            new AmendOrder(max, min, max, min, ""));
    }

    @ParameterizedTest
    @MethodSource("everyTypeWithItsBytes")
    void shouldEncodeEveryTypeWithAllComponentsSetToItsDocumentedBytes(final Command command, final String hex)
    {
        assertThat(HEX.formatHex(CommandCodec.encode(command))).isEqualTo(hex);
        assertThat(CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex(hex)))).isEqualTo(command);
    }

    @Test
    void shouldEncodeAFixedPlaceOrderToAFixedHexConstant()
    {
        final Command command = new PlaceOrder(
            7, "BTC/USD", Side.SELL, OrderType.LIMIT, TimeInForce.POST_ONLY, 6_500_000, 250, "c-1",
            StpMode.EXPIRE_BOTH, "k-1");

        assertThat(HEX.formatHex(CommandCodec.encode(command))).isEqualTo(PLACE_ORDER_HEX);
    }

    @ParameterizedTest
    @MethodSource("everyTypeWithNullableComponentsNull")
    void shouldRoundTripNullableComponentsAsNull(final Command command)
    {
        assertRoundTrip(command);
    }

    @ParameterizedTest
    @MethodSource("everyTypeWithExtremeValues")
    void shouldRoundTripExtremeValues(final Command command)
    {
        assertRoundTrip(command);
    }

    @Test
    void shouldRoundTripStringsOfTheMaximumLength()
    {
        // Three strings of the longest length: the array form must grow its buffer several times.
        final String longest = "é".repeat(CommandCodec.MAX_STRING_BYTES / 2);
        final Command command = new PlaceOrder(
            1, longest, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 1, 1, longest, null, longest);

        final byte[] bytes = CommandCodec.encode(command);

        assertThat(bytes).hasSize(2 + 8 + 3 * (4 + CommandCodec.MAX_STRING_BYTES) + 3 + 8 + 8 + 1);
        assertThat(CommandCodec.decode(ByteBuffer.wrap(bytes))).isEqualTo(command);
    }

    @Test
    void shouldRoundTripRandomCommands()
    {
        final Random random = new Random(SEED);
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (int i = 0; i < RANDOM_RUNS; i++)
        {
            final Command command = randomCommand(random);
            try
            {
                buffer.clear();
                final int length = CommandCodec.encode(command, buffer);
                assertThat(buffer.position()).isEqualTo(length);
                buffer.flip();
                assertThat(CommandCodec.decode(buffer)).isEqualTo(command);
                assertThat(buffer.remaining()).isZero();
            }
            catch (final Throwable e)
            {
                throw new AssertionError("seed=" + SEED + ", iteration=" + i + ", command=" + command, e);
            }
        }
    }

    @Test
    void shouldKeepEveryEnumCodeAndPermissionBitStable()
    {
        assertThat(codes(InstrumentStatus.values(), s -> lastByte(new SetInstrumentStatus("X", s))))
            .isEqualTo(Map.of("TRADING", 0, "HALTED", 1, "CANCEL_ONLY", 2, "POST_ONLY", 3));
        assertThat(codes(StpMode.values(), s -> lastByte(new CreateAccount(1, s))))
            .isEqualTo(Map.of("EXPIRE_TAKER", 0, "EXPIRE_MAKER", 1, "EXPIRE_BOTH", 2));
        // In PlaceOrder with a one-byte symbol: side at 15, type at 16, timeInForce at 17.
        assertThat(codes(Side.values(), s -> byteAt(PlaceOrder.limit(1, "X", s, 1, 1), 15)))
            .isEqualTo(Map.of("BUY", 0, "SELL", 1));
        assertThat(codes(OrderType.values(), t -> byteAt(
            new PlaceOrder(1, "X", Side.BUY, t, TimeInForce.GTC, 1, 1, null, null, null), 16)))
            .isEqualTo(Map.of("LIMIT", 0, "MARKET", 1));
        assertThat(codes(TimeInForce.values(), t -> byteAt(
            new PlaceOrder(1, "X", Side.BUY, OrderType.LIMIT, t, 1, 1, null, null, null), 17)))
            .isEqualTo(Map.of("GTC", 0, "IOC", 1, "FOK", 2, "POST_ONLY", 3));
        // In CreateInstrument with one-byte codes, feeAsset is at 68.
        assertThat(codes(FeeAsset.values(), f -> byteAt(
            new CreateInstrument("X", "Y", 0, 0, 0, 0, 0, 0, 0, 0, 0, f, 0, 0, InstrumentStatus.TRADING), 68)))
            .isEqualTo(Map.of("RECEIVED", 0, "QUOTE", 1));
        // Only these reasons can be in a command; reason sits after a null clientOrderId or symbol.
        assertThat(byteAt(new CancelOrder(1, 1, null, CancelReason.USER, null), 22)).isEqualTo(0);
        assertThat(byteAt(new CancelOrder(1, 1, null, CancelReason.DISCONNECT, null), 22)).isEqualTo(5);
        assertThat(byteAt(new MassCancel(1, null, CancelReason.MASS_CANCEL, null), 14)).isEqualTo(4);
        assertThat(codes(Permission.values(), p -> lastByte(new IssueApiKey(1, HASH, Set.of(p)))))
            .isEqualTo(Map.of("ORDERS_CREATE", 1, "ORDERS_EXECUTE", 2, "EXCHANGE_READ", 4));
    }

    @Test
    void shouldRejectEveryTruncatedPrefixOfAValidEncoding()
    {
        final List<Command> commands = Stream.concat(
            everyTypeWithItsBytes().map(a -> (Command)a.get()[0]), everyTypeWithExtremeValues()).toList();
        for (final Command command : commands)
        {
            final byte[] bytes = CommandCodec.encode(command);
            for (int length = 0; length < bytes.length; length++)
            {
                final ByteBuffer prefix = ByteBuffer.wrap(bytes, 0, length);
                assertThatThrownBy(() -> CommandCodec.decode(prefix))
                    .as("command=%s, length=%d", command, length)
                    .isInstanceOf(CommandFormatException.class)
                    .hasMessageStartingWith("truncated command: needed=");
                assertThat(prefix.position()).isZero();
            }
        }
    }

    @Test
    void shouldDecodeRandomBytesOnlyToACommandOrAFormatError()
    {
        final Random random = new Random(SEED);
        int decoded = 0;
        for (int i = 0; i < RANDOM_RUNS; i++)
        {
            final byte[] bytes = randomBytes(random, i % 3);
            try
            {
                final ByteBuffer buffer = ByteBuffer.wrap(bytes);
                final Command command = CommandCodec.decode(buffer);
                decoded++;
                // Decoding accepts only what encoding writes, so the command encodes back to the bytes it came from.
                assertThat(CommandCodec.encode(command)).isEqualTo(Arrays.copyOf(bytes, buffer.position()));
            }
            catch (final CommandFormatException e)
            {
                if (!FACTS.matcher(e.getMessage()).matches())
                {
                    throw new AssertionError("not key=value facts: message=" + e.getMessage(), e);
                }
            }
            catch (final Throwable e)
            {
                throw new AssertionError("seed=" + SEED + ", iteration=" + i + ", bytes=" + HEX.formatHex(bytes), e);
            }
        }
        // The mutated encodings must reach the record constructors, not only the header checks.
        assertThat(decoded).as("seed=%d", SEED).isGreaterThan(RANDOM_RUNS / 20);
    }

    @Test
    void shouldRejectAnUnknownVersion()
    {
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0908" + "0000000000000001"))))
            .isInstanceOf(CommandFormatException.class)
            .hasMessage("unsupported format: version=9");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("ff08"))))
            .hasMessage("unsupported format: version=255");
    }

    @Test
    void shouldRejectAnUnknownType()
    {
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("012a" + "0000000000000001"))))
            .isInstanceOf(CommandFormatException.class)
            .hasMessage("unknown command type: type=42");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0100"))))
            .hasMessage("unknown command type: type=0");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("01ff"))))
            .hasMessage("unknown command type: type=255");
    }

    @Test
    void shouldNameTheFieldAndTheMissingBytesOfATruncatedCommand()
    {
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.allocate(0)))
            .hasMessage("truncated command: needed=1, remaining=0, field=version");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0108" + "000000"))))
            .hasMessage("truncated command: needed=8, remaining=3, field=keyId");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0101" + "00000005" + "4142"))))
            .hasMessage("truncated command: needed=5, remaining=2, field=code");
    }

    @Test
    void shouldRejectAStringLengthThatIsNegativeOrTooLarge()
    {
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0101" + "fffffffe"))))
            .isInstanceOf(CommandFormatException.class)
            .hasMessage("negative string length: field=code, length=-2");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0101" + "80000000"))))
            .hasMessage("negative string length: field=code, length=-2147483648");
        final ByteBuffer tooLong = ByteBuffer.allocate(2 + 4 + 65_537 + 4)
            .put((byte)1).put((byte)1).putInt(65_537).put(new byte[65_537]).putInt(0).flip();
        assertThatThrownBy(() -> CommandCodec.decode(tooLong))
            .hasMessage("string too long: field=code, length=65537, max=65536");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0101" + "7fffffff"))))
            .hasMessage("string too long: field=code, length=2147483647, max=65536");
    }

    @Test
    void shouldRejectNullWhereAComponentIsRequired()
    {
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0101" + "ffffffff" + "00000000"))))
            .isInstanceOf(CommandFormatException.class)
            .hasMessage("missing required field: field=code");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0104" + "0000000000000001ff"))))
            .hasMessage("missing required field: field=defaultStp");
    }

    @Test
    void shouldRejectUnknownEnumCodesAndPermissionBits()
    {
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0104" + "000000000000000103"))))
            .isInstanceOf(CommandFormatException.class)
            .hasMessage("unknown enum code: field=defaultStp, code=3");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0104" + "0000000000000001fe"))))
            .hasMessage("unknown enum code: field=defaultStp, code=-2");
        final String issueWithMask = "0107" + "0000000000000001" + "00".repeat(32);
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex(issueWithMask + "00000008"))))
            .hasMessage("unknown permission bits: field=permissions, mask=0x8");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex(issueWithMask + "80000001"))))
            .hasMessage("unknown permission bits: field=permissions, mask=0x80000001");
    }

    @Test
    void shouldRejectValuesTheRecordItselfRefuses()
    {
        // CancelOrder with reason MASS_CANCEL (code 4): well-formed bytes, refused by the record's constructor.
        final String hex = "010a" + "0000000000000001" + "0000000000000002" + "ffffffff" + "04" + "ffffffff";

        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex(hex))))
            .isInstanceOf(CommandFormatException.class)
            .hasMessage("invalid command: type=10, problem=a cancel is for USER or DISCONNECT, got reason=MASS_CANCEL")
            .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectMalformedUtf8()
    {
        // 0xC3 starts a two-byte sequence that 0x28 does not continue; ED A0 80 is a UTF-16 surrogate in CESU-8.
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0101" + "00000002c328" + "00"))))
            .isInstanceOf(CommandFormatException.class)
            .hasMessage("malformed UTF-8: field=code, length=2");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(HEX.parseHex("0101" + "00000003eda080"))))
            .hasMessage("malformed UTF-8: field=code, length=3");
    }

    @Test
    void shouldRefuseToEncodeAStringThatWouldNotReadBackTheSame()
    {
        assertThatThrownBy(() -> CommandCodec.encode(new CreateAsset("ab\uD800c", 0)))
            .isInstanceOf(CommandFormatException.class)
            .hasMessage("unpaired surrogate: field=code, index=2");
        assertThatThrownBy(() -> CommandCodec.encode(new Deposit(1, "USD", 1, "\uDC00")))
            .hasMessage("unpaired surrogate: field=idempotencyKey, index=0");
        final String tooLong = "x".repeat(CommandCodec.MAX_STRING_BYTES + 1);
        assertThatThrownBy(() -> CommandCodec.encode(new CreateAsset(tooLong, 0)))
            .isInstanceOf(CommandFormatException.class)
            .hasMessage("string too long: field=code, length=65537, max=65536");
    }

    @Test
    void shouldLeaveThePositionAloneWhenTheCommandDoesNotFit()
    {
        final ByteBuffer buffer = ByteBuffer.allocate(20).position(3);

        final Command tooLarge = new SetInstrumentStatus("BTC/USD-LONG-NAME", InstrumentStatus.HALTED);

        assertThatThrownBy(() -> CommandCodec.encode(tooLarge, buffer)).isInstanceOf(BufferOverflowException.class);
        assertThat(buffer.position()).isEqualTo(3);
        assertThatThrownBy(() -> CommandCodec.encode(new CreateAsset("é".repeat(40_000), 0), buffer))
            .isInstanceOf(CommandFormatException.class);
        assertThat(buffer.position()).isEqualTo(3);
    }

    @Test
    void shouldWriteBigEndianWhateverTheBufferOrderAndKeepThatOrder()
    {
        final Command command = new PlaceOrder(
            7, "BTC/USD", Side.SELL, OrderType.LIMIT, TimeInForce.POST_ONLY, 6_500_000, 250, "c-1",
            StpMode.EXPIRE_BOTH, "k-1");
        final ByteBuffer buffer = ByteBuffer.allocateDirect(128).order(ByteOrder.LITTLE_ENDIAN);

        final int length = CommandCodec.encode(command, buffer);
        final byte[] bytes = new byte[length];
        buffer.flip().get(bytes).flip();

        assertThat(HEX.formatHex(bytes)).isEqualTo(PLACE_ORDER_HEX);
        assertThat(buffer.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(CommandCodec.decode(buffer)).isEqualTo(command);
        assertThat(buffer.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void shouldReadCommandsBackToBackFromOneBuffer()
    {
        final List<Command> commands = everyTypeWithExtremeValues().toList();
        final ByteBuffer buffer = ByteBuffer.allocate(4096).position(5);
        int total = 0;
        for (final Command command : commands)
        {
            total += CommandCodec.encode(command, buffer);
        }
        buffer.flip().position(5);

        assertThat(buffer.remaining()).isEqualTo(total);
        for (final Command command : commands)
        {
            assertThat(CommandCodec.decode(buffer)).isEqualTo(command);
        }
        assertThat(buffer.hasRemaining()).isFalse();
    }

    private static void assertRoundTrip(final Command command)
    {
        final byte[] bytes = CommandCodec.encode(command);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).asReadOnlyBuffer();

        assertThat(CommandCodec.decode(buffer)).isEqualTo(command);
        assertThat(buffer.remaining()).isZero();
    }

    private static <E extends Enum<E>> Map<String, Integer> codes(final E[] values, final Function<E, Integer> code)
    {
        final Map<String, Integer> codes = new LinkedHashMap<>();
        for (final E value : values)
        {
            codes.put(value.name(), code.apply(value));
        }
        return codes;
    }

    private static int lastByte(final Command command)
    {
        final byte[] bytes = CommandCodec.encode(command);
        return bytes[bytes.length - 1];
    }

    private static int byteAt(final Command command, final int offset)
    {
        return CommandCodec.encode(command)[offset];
    }

    // Kind 0: any bytes; kind 1: a valid header, then any bytes; kind 2: a valid encoding with a few bytes changed
    // and sometimes cut short, which is what gets past the header and length checks.
    private static byte[] randomBytes(final Random random, final int kind)
    {
        switch (kind)
        {
            case 0 ->
            {
                final byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1 ->
            {
                final byte[] bytes = new byte[2 + random.nextInt(64)];
                random.nextBytes(bytes);
                bytes[0] = CommandCodec.VERSION;
                bytes[1] = (byte)random.nextInt(16);
                return bytes;
            }
            default ->
            {
                final byte[] valid = CommandCodec.encode(randomCommand(random));
                final byte[] bytes = random.nextInt(4) == 0 ? Arrays.copyOf(valid, random.nextInt(valid.length + 8))
                    : valid;
                final int changes = 1 + random.nextInt(3);
                for (int i = 0; i < changes && bytes.length > 0; i++)
                {
                    final int at = random.nextInt(bytes.length);
                    bytes[at] = random.nextBoolean()
                        ? (byte)random.nextInt(256) : (byte)(bytes[at] ^ 1 << random.nextInt(8));
                }
                return bytes;
            }
        }
    }

    private static Command randomCommand(final Random random)
    {
        return switch (random.nextInt(13))
        {
            case 0 -> new CreateAsset(string(random), random.nextInt());
            case 1 -> new CreateInstrument(string(random), string(random), random.nextInt(), random.nextInt(),
                number(random), number(random), number(random), number(random), number(random), random.nextInt(),
                random.nextInt(), pick(random, FeeAsset.values()), random.nextInt(), number(random),
                pick(random, InstrumentStatus.values()));
            case 2 -> new SetInstrumentStatus(string(random), pick(random, InstrumentStatus.values()));
            case 3 -> new CreateAccount(number(random), pick(random, StpMode.values()));
            case 4 -> new Deposit(number(random), string(random), number(random), nullableString(random));
            case 5 -> new Withdraw(number(random), string(random), number(random), nullableString(random));
            case 6 -> new IssueApiKey(number(random),
                new Sha256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()),
                permissions(random));
            case 7 -> new RevokeApiKey(number(random));
            case 8 -> new PlaceOrder(number(random), string(random), pick(random, Side.values()),
                pick(random, OrderType.values()), pick(random, TimeInForce.values()), number(random), number(random),
                nullableString(random), random.nextInt(4) == 0 ? null : pick(random, StpMode.values()),
                nullableString(random));
            case 9 -> new CancelOrder(number(random), number(random), nullableString(random),
                pick(random, new CancelReason[] {CancelReason.USER, CancelReason.DISCONNECT}), nullableString(random));
            case 10 -> new MassCancel(number(random), nullableString(random),
                pick(random, new CancelReason[] {CancelReason.MASS_CANCEL, CancelReason.DISCONNECT}),
                nullableString(random));
            case 11 -> new ReplaceOrder(number(random), number(random), number(random), number(random),
                nullableString(random), nullableString(random));
            default -> new AmendOrder(number(random), number(random), number(random), number(random),
                nullableString(random));
        };
    }

    private static long number(final Random random)
    {
        return switch (random.nextInt(8))
        {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> 0;
            case 3, 4 -> random.nextInt(1_000_000);
            default -> random.nextLong();
        };
    }

    private static String nullableString(final Random random)
    {
        return random.nextInt(4) == 0 ? null : string(random);
    }

    // Code points from each UTF-8 length (1 to 4 bytes), never a lone surrogate.
    private static String string(final Random random)
    {
        final StringBuilder text = new StringBuilder();
        final int length = random.nextInt(12);
        for (int i = 0; i < length; i++)
        {
            final int codePoint = switch (random.nextInt(6))
            {
                case 0 -> 0x80 + random.nextInt(0x800 - 0x80);
                case 1 -> 0xE000 + random.nextInt(0x10000 - 0xE000);
                case 2 -> 0x10000 + random.nextInt(0x110000 - 0x10000);
                default -> random.nextInt(0x80);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static Set<Permission> permissions(final Random random)
    {
        final Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (final Permission permission : Permission.values())
        {
            if (random.nextBoolean())
            {
                permissions.add(permission);
            }
        }
        return permissions;
    }

    private static <T> T pick(final Random random, final T[] values)
    {
        return values[random.nextInt(values.length)];
    }
}
