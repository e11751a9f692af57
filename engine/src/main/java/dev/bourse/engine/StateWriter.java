package dev.bourse.engine;

import dev.bourse.engine.account.Account;
import dev.bourse.engine.account.ApiKey;
import dev.bourse.engine.account.Permission;
import dev.bourse.engine.book.BookSide;
import dev.bourse.engine.book.Order;
import dev.bourse.engine.book.PriceLevel;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.idempotency.IdempotencyEntry;
import dev.bourse.engine.instrument.Asset;
import dev.bourse.engine.instrument.Instrument;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Writes the whole engine state in one canonical order: the same state always gives the same bytes, whatever
 * history led to it, so their SHA-256 is the state hash. Collections are written sorted by id or in their own
 * deterministic order (books best price first and oldest order first; idempotency keys oldest first).
 * {@link StateReader} reads the same layout back.
 *
 * <pre>
 *   version, last sequence, last timestamp, last trade id
 *   assets:       count, then (code, scale) by id
 *   accounts:     count, then by id (id, default STP, then (available, locked) per asset)
 *   instruments:  count, then by id (listing fields with initial status, current status, last trade price,
 *                 bids then asks: level count, then per level best first (price, order count, orders oldest first))
 *   open orders:  per account in the same order (count, order ids oldest first)
 *   api keys:     count, then by id (id, account, SHA-256, permission mask, revoked)
 *   idempotency:  count, then oldest first (account, key, fingerprint, expiry, outcome, reason code,
 *                 order id, new order id, order status)
 * </pre>
 */
final class StateWriter
{
    static final int FORMAT_VERSION = 1;

    private StateWriter()
    {
    }

    static void write(final EngineState state, final DataOutput out) throws IOException
    {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(state.lastSequence);
        out.writeLong(state.lastTimestampNanos);
        out.writeLong(state.lastTradeId);

        out.writeInt(state.assets.size());
        for (final Asset asset : state.assets)
        {
            out.writeUTF(asset.code());
            out.writeInt(asset.scale());
        }

        final long[] accountIds = state.accounts.keySet().toLongArray();
        Arrays.sort(accountIds);
        out.writeInt(accountIds.length);
        for (final long id : accountIds)
        {
            final Account account = state.accounts.get(id);
            out.writeLong(account.id());
            out.writeInt(account.defaultStp().ordinal());
            for (int asset = 0; asset < state.assets.size(); asset++)
            {
                out.writeLong(account.available(asset));
                out.writeLong(account.locked(asset));
            }
        }

        out.writeInt(state.instruments.size());
        for (final Instrument instrument : state.instruments)
        {
            writeInstrument(instrument, out);
        }

        // Open orders were written with their books; their order here decides the order of a mass cancel.
        for (final long id : accountIds)
        {
            final Account account = state.accounts.get(id);
            out.writeInt(account.openOrderCount());
            for (Order order = account.firstOpenOrder(); null != order; order = order.accountNext())
            {
                out.writeLong(order.orderId());
            }
        }

        final long[] keyIds = state.apiKeys.keySet().toLongArray();
        Arrays.sort(keyIds);
        out.writeInt(keyIds.length);
        for (final long id : keyIds)
        {
            final ApiKey key = state.apiKeys.get(id);
            out.writeLong(key.keyId());
            out.writeLong(key.accountId());
            out.write(key.keyHash().bytes());
            int mask = 0;
            for (final Permission p : key.permissions())
            {
                mask |= 1 << p.ordinal();
            }
            out.writeInt(mask);
            out.writeBoolean(key.revoked());
        }

        out.writeInt(state.idempotency.size());
        for (final Iterator<IdempotencyEntry> it = state.idempotency.oldestFirst(); it.hasNext(); )
        {
            final IdempotencyEntry entry = it.next();
            out.writeLong(entry.accountId());
            out.writeUTF(entry.key());
            out.writeLong(entry.fingerprint());
            out.writeLong(entry.expiresAtNanos());
            out.writeInt(entry.outcome().ordinal());
            out.writeInt(null == entry.reason() ? -1 : entry.reason().code());
            out.writeLong(entry.orderId());
            out.writeLong(entry.newOrderId());
            out.writeInt(null == entry.orderStatus() ? -1 : entry.orderStatus().ordinal());
        }
    }

    private static void writeInstrument(final Instrument instrument, final DataOutput out) throws IOException
    {
        final CreateInstrument spec = instrument.spec();
        out.writeUTF(spec.base());
        out.writeUTF(spec.quote());
        out.writeInt(spec.priceScale());
        out.writeInt(spec.quantityScale());
        out.writeLong(spec.tickSize());
        out.writeLong(spec.lotSize());
        out.writeLong(spec.minQuantity());
        out.writeLong(spec.maxQuantity());
        out.writeLong(spec.minNotional());
        out.writeInt(spec.makerFeeBps());
        out.writeInt(spec.takerFeeBps());
        out.writeInt(spec.feeAsset().ordinal());
        out.writeInt(spec.priceBandBps());
        out.writeLong(spec.referencePrice());
        out.writeInt(spec.status().ordinal());
        out.writeInt(instrument.status().ordinal());
        out.writeLong(instrument.lastTradePrice());
        writeSide(instrument.book().bids(), out);
        writeSide(instrument.book().asks(), out);
    }

    private static void writeSide(final BookSide side, final DataOutput out) throws IOException
    {
        out.writeInt(side.levelCount());
        for (int depth = 0; depth < side.levelCount(); depth++)
        {
            final PriceLevel level = side.levelFromBest(depth);
            out.writeLong(level.price());
            out.writeInt(level.orderCount());
            for (Order order = level.head(); null != order; order = order.nextInLevel())
            {
                writeOrder(order, out);
            }
        }
    }

    private static void writeOrder(final Order order, final DataOutput out) throws IOException
    {
        out.writeLong(order.orderId());
        out.writeLong(order.account().id());
        out.writeInt(order.side().ordinal());
        out.writeInt(order.type().ordinal());
        out.writeInt(order.timeInForce().ordinal());
        out.writeInt(order.stp().ordinal());
        out.writeBoolean(null != order.clientOrderId());
        if (null != order.clientOrderId())
        {
            out.writeUTF(order.clientOrderId());
        }
        out.writeLong(order.price());
        out.writeLong(order.quantity());
        out.writeLong(order.filled());
        out.writeLong(order.locked());
        out.writeLong(order.createdNanos());
    }

}
