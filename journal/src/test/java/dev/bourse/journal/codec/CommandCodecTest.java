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

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandCodecTest
{
    private static final List<Command> EVERY_TYPE = List.of(
        new CreateAsset("NGN", 4),
        new CreateInstrument("USD", "NGN", 2, 2, 1, 1, 100, 1_000_000_00L, 10_0000L, 10, 20, FeeAsset.QUOTE, 1000,
            1650_00, InstrumentStatus.POST_ONLY),
        new SetInstrumentStatus("USD/NGN", InstrumentStatus.HALTED),
        new CreateAccount(Long.MAX_VALUE, StpMode.EXPIRE_BOTH),
        new Deposit(7, "USD", Long.MAX_VALUE, "naïve-ключ-🙂"),
        new Withdraw(7, "USD", 1, null),
        new IssueApiKey(7, Sha256.of("secret"), EnumSet.of(Permission.ORDERS_CREATE, Permission.EXCHANGE_READ)),
        new IssueApiKey(8, Sha256.of("other"), Set.of()),
        new RevokeApiKey(Long.MIN_VALUE),
        new PlaceOrder(7, "USD/NGN", Side.SELL, OrderType.LIMIT, TimeInForce.POST_ONLY, 1650_00, 2_00, "", StpMode
            .EXPIRE_MAKER, "k-1"),
        PlaceOrder.market(7, "BTC/USD", Side.BUY, 1),
        new CancelOrder(7, 0, "cli-1", CancelReason.DISCONNECT, null),
        new MassCancel(7, null, CancelReason.MASS_CANCEL, "k-2"),
        new ReplaceOrder(7, 42, 0, 5_00, null, "k-3"),
        new AmendOrder(7, 42, 1649_00, 0, null));

    @Test
    void shouldRoundTripEveryCommandType()
    {
        for (final Command command : EVERY_TYPE)
        {
            assertThat(CommandCodec.decode(ByteBuffer.wrap(CommandCodec.encode(command)))).isEqualTo(command);
        }
    }

    @Test
    void shouldKeepTheEncodingOfAKnownCommand()
    {
        // Journals outlive releases: a change in these bytes breaks every existing log.
        final byte[] bytes = CommandCodec.encode(new AmendOrder(7, 42, 1649_00, 0, "k"));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
            "010d" + "0000000000000007" + "000000000000002a" + "0000000000028424" + "0000000000000000"
                + "00000001" + "6b");
    }

    @Test
    void shouldRefuseEveryTruncatedEncodingWithAFormatError()
    {
        for (final Command command : EVERY_TYPE)
        {
            final byte[] bytes = CommandCodec.encode(command);
            for (int length = 0; length < bytes.length; length++)
            {
                final ByteBuffer prefix = ByteBuffer.wrap(bytes, 0, length);
                assertThatThrownBy(() -> CommandCodec.decode(prefix)).isInstanceOf(CommandFormatException.class);
            }
        }
    }

    @Test
    void shouldNameAnUnknownVersionOrType()
    {
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(new byte[] {9, 1})))
            .isInstanceOf(CommandFormatException.class).hasMessage("unsupported format: version=9");
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(new byte[] {1, 42})))
            .isInstanceOf(CommandFormatException.class).hasMessage("unknown command type: type=42");
    }

    @Test
    void shouldAnswerRandomBytesOnlyWithACommandOrAFormatError()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 100_000; i++)
        {
            final byte[] bytes = CommandCodec.encode(EVERY_TYPE.get(random.nextInt(EVERY_TYPE.size())));
            // Damage a valid encoding a little, so that most inputs get past the version and type bytes.
            final int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++)
            {
                bytes[random.nextInt(bytes.length)] = (byte)random.nextInt(256);
            }
            try
            {
                CommandCodec.decode(ByteBuffer.wrap(bytes));
            }
            catch (final CommandFormatException expected)
            {
                // The only failure allowed.
            }
            catch (final RuntimeException e)
            {
                throw new AssertionError("seed=" + seed + ", input=" + HexFormat.of().formatHex(bytes), e);
            }
        }
    }
}
