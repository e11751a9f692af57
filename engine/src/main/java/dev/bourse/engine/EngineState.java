package dev.bourse.engine;

import dev.bourse.engine.account.Account;
import dev.bourse.engine.account.ApiKey;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.book.BookSide;
import dev.bourse.engine.book.Order;
import dev.bourse.engine.book.OrderPool;
import dev.bourse.engine.idempotency.IdempotencyStore;
import dev.bourse.engine.instrument.Asset;
import dev.bourse.engine.instrument.Instrument;
import dev.bourse.engine.order.StpMode;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;

/** Everything the engine knows, as plain data; only the engine thread touches it. */
final class EngineState
{
    /** The venue's account, credited with every fee. */
    static final long FEE_ACCOUNT_ID = 0;

    final ObjectArrayList<Asset> assets = new ObjectArrayList<>();
    final Object2ObjectOpenHashMap<String, Asset> assetsByCode = new Object2ObjectOpenHashMap<>();
    final ObjectArrayList<Instrument> instruments = new ObjectArrayList<>();
    final Object2ObjectOpenHashMap<String, Instrument> instrumentsBySymbol = new Object2ObjectOpenHashMap<>();
    final Long2ObjectOpenHashMap<Account> accounts = new Long2ObjectOpenHashMap<>();
    final Long2ObjectOpenHashMap<Order> openOrders = new Long2ObjectOpenHashMap<>();
    final Long2ObjectOpenHashMap<ApiKey> apiKeys = new Long2ObjectOpenHashMap<>();
    final Object2ObjectOpenHashMap<Sha256, ApiKey> apiKeysByHash = new Object2ObjectOpenHashMap<>();
    final IdempotencyStore idempotency = new IdempotencyStore();
    final OrderPool orderPool = new OrderPool();
    final ObjectArrayList<BookSide> dirtySides = new ObjectArrayList<>();
    final Account feeAccount;
    // Per asset, deposits minus withdrawals. Trades only move balances, so no balance can exceed its asset's supply:
    // keeping every supply within a long keeps every balance within one, whatever trades happen.
    final LongArrayList supply = new LongArrayList();

    long lastSequence;
    long lastTimestampNanos;
    long lastTradeId;

    EngineState()
    {
        feeAccount = new Account(FEE_ACCOUNT_ID, StpMode.EXPIRE_TAKER, 0);
        accounts.put(FEE_ACCOUNT_ID, feeAccount);
    }
}
