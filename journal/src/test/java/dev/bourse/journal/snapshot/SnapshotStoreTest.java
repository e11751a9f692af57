package dev.bourse.journal.snapshot;

import dev.bourse.engine.Engine;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.PlaceOrder;
import dev.bourse.engine.event.EventRecorder;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.journal.JournalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotStoreTest
{
    private static final UUID EPOCH = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    private long sequence;

    @Test
    void shouldLoadTheNewestSnapshotIntoAnEngineThatContinuesIdentically()
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final Engine engine = tradingEngine();
        store.write(EPOCH, engine.lastSequence(), T0, state(engine));
        apply(engine, PlaceOrder.limit(1, "USD/NGN", Side.SELL, 1651_00, 1_00));
        store.write(EPOCH, engine.lastSequence(), T0, state(engine));

        final SnapshotStore.Loaded loaded = store.loadNewest(EPOCH, new EventRecorder(), DerivedState.NONE, new ArrayList<>());

        assertThat(loaded.sequence()).isEqualTo(engine.lastSequence());
        assertThat(loaded.engine().stateHash()).isEqualTo(engine.stateHash());
        final EventRecorder original = new EventRecorder();
        final EventRecorder restored = new EventRecorder();
        engine.sink(original);
        loaded.engine().sink(restored);
        final PlaceOrder taker = PlaceOrder.limit(2, "USD/NGN", Side.BUY, 1651_00, 3_00);
        engine.apply(sequence + 1, T0 + 1, taker);
        loaded.engine().apply(sequence + 1, T0 + 1, taker);
        assertThat(restored.events()).isEqualTo(original.events()).hasSizeGreaterThan(5);
    }

    @Test
    void shouldPassOverADamagedSnapshotForAnOlderGoodOne() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final Engine engine = tradingEngine();
        final Path older = store.write(EPOCH, engine.lastSequence(), T0, state(engine));
        apply(engine, PlaceOrder.limit(1, "USD/NGN", Side.SELL, 1651_00, 1_00));
        final Path newer = store.write(EPOCH, engine.lastSequence(), T0, state(engine));
        final byte[] bytes = Files.readAllBytes(newer);
        bytes[bytes.length / 2] ^= 1;
        Files.write(newer, bytes);
        Files.write(dir.resolve(SnapshotStore.fileName(99) + ".tmp"), new byte[] {1, 2, 3});

        final List<String> rejected = new ArrayList<>();
        final SnapshotStore.Loaded loaded = store.loadNewest(EPOCH, new EventRecorder(), DerivedState.NONE, rejected);

        assertThat(store.deleteUnfinished()).containsExactly(dir.resolve(SnapshotStore.fileName(99) + ".tmp"));
        assertThat(dir.resolve(SnapshotStore.fileName(99) + ".tmp")).doesNotExist();
        assertThat(loaded.file()).isEqualTo(older);
        assertThat(rejected).singleElement().asString().contains("bad snapshot crc").contains(newer.toString());
    }

    @Test
    void shouldRefuseASnapshotOfAnotherEpoch()
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final Path file = store.write(EPOCH, 1, T0, state(tradingEngine()));

        assertThatThrownBy(() -> store.load(file, UUID.randomUUID(), new EventRecorder(), DerivedState.NONE))
            .isInstanceOf(JournalException.class).hasMessageContaining("does not fit this log");
        assertThat(store.loadNewest(UUID.randomUUID(), new EventRecorder(), DerivedState.NONE, new ArrayList<>())).isNull();
    }

    // Tiny chunks put a chunk boundary inside every field of the engine's state and the derived state.
    @ParameterizedTest
    @ValueSource(ints = {1, 5, 1024})
    void shouldLoadWhatWasWrittenFromChunksOfAnySize(final int chunkBytes) throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final Engine engine = tradingEngine();
        final StateBuffer state = new StateBuffer(0, chunkBytes);
        engine.writeState(state);
        final byte[] derivedBytes = new byte[3 * chunkBytes + 10_001];
        new SplittableRandom(chunkBytes).nextBytes(derivedBytes);
        final StateBuffer derived = new StateBuffer(0, chunkBytes);
        derived.writeUTF("naïve");
        derived.write(derivedBytes);
        derived.writeLong(Long.MIN_VALUE + chunkBytes);
        final Path file = store.write(EPOCH, engine.lastSequence(), T0, state, "test-1", derived);

        final Recorded read = new Recorded("test-1");
        final SnapshotStore.Loaded loaded = store.load(file, EPOCH, new EventRecorder(), read);

        assertThat(loaded.engine().stateHash()).isEqualTo(engine.stateHash());
        assertThat(loaded.sequence()).isEqualTo(engine.lastSequence());
        assertThat(read.bytes).isEqualTo(derived.toByteArray());
    }

    @Test
    void shouldStillLoadASnapshotOfVersion2() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final Engine engine = tradingEngine();
        final byte[] derived = {1, 2, 3, 4, 5};
        final Path file = dir.resolve(SnapshotStore.fileName(engine.lastSequence()));
        Files.write(file, version2(engine.lastSequence(), state(engine), "test-1", derived));

        final Recorded read = new Recorded("test-1");
        final SnapshotStore.Loaded loaded = store.loadNewest(EPOCH, new EventRecorder(), read, new ArrayList<>());

        assertThat(loaded.file()).isEqualTo(file);
        assertThat(loaded.sequence()).isEqualTo(engine.lastSequence());
        assertThat(loaded.timestampNanos()).isEqualTo(T0);
        assertThat(loaded.engine().stateHash()).isEqualTo(engine.stateHash());
        assertThat(read.bytes).isEqualTo(derived);
    }

    @Test
    void shouldRefuseACorruptByteByItsCrcBeforeReadingAnyState() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final Engine engine = tradingEngine();
        final StateBuffer state = new StateBuffer(0, 64);
        engine.writeState(state);
        final StateBuffer derived = new StateBuffer(0, 64);
        derived.write(new byte[1000]);
        final Path file = store.write(EPOCH, engine.lastSequence(), T0, state, "test-1", derived);
        final byte[] good = Files.readAllBytes(file);

        // In the header, the engine's state, the derived format name, the derived state and the CRC itself.
        for (final int at : new int[] {30, 84 + (int)state.size() / 2, 84 + (int)state.size() + 3, good.length - 500,
            good.length - 1})
        {
            final byte[] bad = good.clone();
            bad[at] ^= 0x10;
            Files.write(file, bad);
            final Recorded read = new Recorded("test-1");
            final EventRecorder sink = new EventRecorder();

            assertThatThrownBy(() -> store.load(file, EPOCH, sink, read)).as("byte %d", at)
                .isInstanceOf(JournalException.class).hasMessageContaining("bad snapshot crc");
            assertThat(read.bytes).as("byte %d", at).isNull();
        }
    }

    @Test
    void shouldRefuseADerivedStateThatIsNotReadToItsEnd() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final Engine engine = tradingEngine();
        final StateBuffer state = new StateBuffer(0);
        engine.writeState(state);
        final StateBuffer derived = new StateBuffer(0);
        derived.writeLong(1);
        derived.writeLong(2);
        final Path file = store.write(EPOCH, engine.lastSequence(), T0, state, "test-1", derived);
        final DerivedState readsOneLong = new Recorded("test-1")
        {
            @Override
            public void readState(final DataInput in) throws IOException
            {
                in.readLong();
            }
        };

        assertThatThrownBy(() -> store.load(file, EPOCH, new EventRecorder(), readsOneLong))
            .isInstanceOf(JournalException.class).hasMessageContaining("not read to its end");
    }

    /** Reads every derived byte there is, of one format. */
    private static class Recorded implements DerivedState
    {
        private final String format;
        byte[] bytes;

        Recorded(final String format)
        {
            this.format = format;
        }

        @Override
        public String format()
        {
            return format;
        }

        @Override
        public void writeState(final DataOutput out)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public void readState(final DataInput in) throws IOException
        {
            bytes = ((InputStream)in).readAllBytes();
        }

        @Override
        public Replica newReplica()
        {
            throw new UnsupportedOperationException();
        }
    }

    // The version-2 layout, as the code before version 3 wrote it: the lengths are ints, the state starts at 80.
    private static byte[] version2(final long sequence, final byte[] state, final String format, final byte[] derived)
        throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        out.write("BOURSNAP".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(2);
        out.writeLong(EPOCH.getMostSignificantBits());
        out.writeLong(EPOCH.getLeastSignificantBits());
        out.writeLong(sequence);
        out.writeLong(T0);
        try
        {
            out.write(MessageDigest.getInstance("SHA-256").digest(state));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new AssertionError(e);
        }
        out.writeInt(state.length);
        out.write(state);
        out.writeUTF(format);
        out.writeInt(derived.length);
        out.write(derived);
        final CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int)crc.getValue());
        return bytes.toByteArray();
    }

    private Engine tradingEngine()
    {
        final Engine engine = new Engine(new EventRecorder());
        apply(engine, new CreateAsset("USD", 4));
        apply(engine, new CreateAsset("NGN", 4));
        apply(engine, new CreateInstrument("USD", "NGN", 2, 2, 1, 1, 1, 1_000_000_00, 0, 10, 20, FeeAsset.RECEIVED,
            1000, 1650_00, InstrumentStatus.TRADING));
        for (long account = 1; account <= 2; account++)
        {
            apply(engine, new CreateAccount(account, StpMode.EXPIRE_TAKER));
            apply(engine, new Deposit(account, "USD", 1_000_0000, "d" + account));
            apply(engine, new Deposit(account, "NGN", 1_000_000_0000L, null));
        }
        apply(engine, PlaceOrder.limit(1, "USD/NGN", Side.SELL, 1650_00, 2_00));
        return engine;
    }

    private void apply(final Engine engine, final dev.bourse.engine.command.Command command)
    {
        engine.apply(++sequence, T0, command);
    }

    private static byte[] state(final Engine engine)
    {
        try
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            engine.writeState(new DataOutputStream(bytes));
            return bytes.toByteArray();
        }
        catch (final IOException e)
        {
            throw new AssertionError(e);
        }
    }
}
