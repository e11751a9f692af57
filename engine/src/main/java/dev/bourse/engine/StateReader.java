package dev.bourse.engine;

import dev.bourse.engine.account.Account;
import dev.bourse.engine.account.ApiKey;
import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.book.BookSide;
import dev.bourse.engine.book.Order;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.instrument.Asset;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.Instrument;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.StpMode;
import dev.bourse.engine.order.TimeInForce;

import java.io.DataInput;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/** Reads what {@link StateWriter} wrote into an empty state; the inverse of the writer, field for field. */
final class StateReader
{
    private StateReader()
    {
    }

    static void read(final EngineState state, final DataInput in) throws IOException
    {
        final int version = in.readInt();
        if (version != StateWriter.FORMAT_VERSION)
        {
            throw new IOException("unknown engine state format: version=" + version);
        }
        state.lastSequence = in.readLong();
        state.lastTimestampNanos = in.readLong();
        state.lastTradeId = in.readLong();

        final int assetCount = in.readInt();
        for (int id = 0; id < assetCount; id++)
        {
            final Asset asset = new Asset(id, in.readUTF(), in.readInt());
            state.assets.add(asset);
            state.assetsByCode.put(asset.code(), asset);
            state.supply.add(0);
        }

        final int accountCount = in.readInt();
        final long[] accountIds = new long[accountCount];
        for (int i = 0; i < accountCount; i++)
        {
            final long id = in.readLong();
            final StpMode stp = StpMode.values()[in.readInt()];
            final Account account = id == EngineState.FEE_ACCOUNT_ID ? state.feeAccount : new Account(id, stp, 0);
            account.ensureAssets(assetCount);
            for (int asset = 0; asset < assetCount; asset++)
            {
                final long available = in.readLong();
                final long locked = in.readLong();
                account.restoreBalance(asset, available, locked);
                state.supply.set(asset, state.supply.getLong(asset) + available + locked);
            }
            state.accounts.put(id, account);
            accountIds[i] = id;
        }

        final int instrumentCount = in.readInt();
        for (int id = 0; id < instrumentCount; id++)
        {
            readInstrument(state, id, in);
        }

        for (final long id : accountIds)
        {
            final Account account = state.accounts.get(id);
            final int count = in.readInt();
            for (int i = 0; i < count; i++)
            {
                account.addOpenOrder(state.openOrders.get(in.readLong()));
            }
        }

        final int keyCount = in.readInt();
        for (int i = 0; i < keyCount; i++)
        {
            final long keyId = in.readLong();
            final long accountId = in.readLong();
            final byte[] hash = new byte[32];
            in.readFully(hash);
            final int mask = in.readInt();
            final Set<Permission> permissions = EnumSet.noneOf(Permission.class);
            for (final Permission p : Permission.values())
            {
                if ((mask & 1 << p.ordinal()) != 0)
                {
                    permissions.add(p);
                }
            }
            final ApiKey key =
                new ApiKey(keyId, accountId, Sha256.fromBytes(hash), Set.copyOf(permissions), in.readBoolean());
            state.apiKeys.put(keyId, key);
            state.apiKeysByHash.put(key.keyHash(), key);
        }

        final int entryCount = in.readInt();
        for (int i = 0; i < entryCount; i++)
        {
            final long accountId = in.readLong();
            final String key = in.readUTF();
            final long fingerprint = in.readLong();
            final long expiresAt = in.readLong();
            final Outcome outcome = Outcome.values()[in.readInt()];
            final RejectReason reason = RejectReason.fromCode(in.readInt());
            final long orderId = in.readLong();
            final long newOrderId = in.readLong();
            final int status = in.readInt();
            state.idempotency.restore(accountId, key, fingerprint, expiresAt)
                .result(outcome, reason, orderId, newOrderId, status < 0 ? null : OrderStatus.values()[status]);
        }

        for (final BookSide side : state.dirtySides)
        {
            side.forgetChanges();
        }
        state.dirtySides.clear();
    }

    private static void readInstrument(final EngineState state, final int id, final DataInput in)
        throws IOException
    {
        final CreateInstrument spec = new CreateInstrument(in.readUTF(), in.readUTF(), in.readInt(), in.readInt(),
            in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readInt(),
            FeeAsset.values()[in.readInt()], in.readInt(), in.readLong(), InstrumentStatus.values()[in.readInt()]);
        final Instrument instrument = new Instrument(id, spec, state.assetsByCode.get(spec.base()),
            state.assetsByCode.get(spec.quote()), state.dirtySides);
        instrument.status(InstrumentStatus.values()[in.readInt()]);
        instrument.lastTradePrice(in.readLong());
        state.instruments.add(instrument);
        state.instrumentsBySymbol.put(instrument.symbol(), instrument);
        readSide(state, instrument, instrument.book().bids(), in);
        readSide(state, instrument, instrument.book().asks(), in);
    }

    private static void readSide(
        final EngineState state, final Instrument instrument, final BookSide side, final DataInput in)
        throws IOException
    {
        final int levels = in.readInt();
        for (int level = 0; level < levels; level++)
        {
            final long price = in.readLong();
            final int orders = in.readInt();
            for (int i = 0; i < orders; i++)
            {
                final long orderId = in.readLong();
                final Account account = state.accounts.get(in.readLong());
                final Side orderSide = Side.values()[in.readInt()];
                final OrderType type = OrderType.values()[in.readInt()];
                final TimeInForce tif = TimeInForce.values()[in.readInt()];
                final StpMode stp = StpMode.values()[in.readInt()];
                final String clientOrderId = in.readBoolean() ? in.readUTF() : null;
                final long orderPrice = in.readLong();
                final long quantity = in.readLong();
                final long filled = in.readLong();
                final long locked = in.readLong();
                final long createdNanos = in.readLong();
                if (orderPrice != price || orderSide != side.side())
                {
                    throw new IOException("order does not belong to its level: order=" + orderId + ", price="
                        + orderPrice + ", level=" + price);
                }
                final Order order = state.orderPool.acquire().init(orderId, account, instrument, orderSide, type, tif,
                    stp, clientOrderId, orderPrice, quantity, createdNanos);
                order.addFill(filled);
                order.locked(locked);
                side.add(order);
                state.openOrders.put(orderId, order);
            }
        }
    }
}
