package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.EventSink;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.OrderStatus;
import dev.bourse.engine.order.OrderType;
import dev.bourse.engine.order.Side;
import dev.bourse.engine.order.TimeInForce;
import dev.bourse.gateway.auth.ApiKeys;
import dev.bourse.gateway.json.Decimals;
import dev.bourse.gateway.json.Json;
import dev.bourse.gateway.json.Timestamps;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.market.Markets;
import dev.bourse.gateway.stream.History;
import dev.bourse.gateway.stream.Topic;
import dev.bourse.gateway.stream.TopicGroup;
import dev.bourse.journal.codec.CommandCodec;
import dev.bourse.journal.snapshot.DerivedState;
import dev.bourse.journal.snapshot.StateBuffer;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Everything Stabyl clients read, derived from the engine's events on the publisher thread: markets, keys, orders,
 * fills, balances, and the topics with their sequence numbers and replay rings. Deterministic, so replaying the log
 * gives the same numbers; saved in snapshots as {@link DerivedState}. Event loops read only the thread-safe views.
 * "The publisher thread", here and in this package, is whichever thread delivers a batch of events: the journal's
 * publisher, or the sequencer delivering a small batch in its place, never both at once.
 */
public final class StabylProjection implements EventSink, DerivedState
{
    /** Frames kept per topic for resume. */
    public static final int RING_CAPACITY = 10_000;
    /** Fills kept per account for REST reads. */
    private static final int FILLS_KEPT = 10_000;
    /** Terminal orders kept per account for REST reads; open orders are always kept. */
    private static final int TERMINAL_ORDERS_KEPT = 10_000;
    /**
     * The format before {@link #format()}: the same layout, with every user.orders frame holding its whole order record
     * (stabyl-6 names the current one by id) and an order's notional always written out.
     */
    private static final String FORMAT_5 = "stabyl-5";
    /** The format before that: the same layout, with user.orders frames as their bytes. */
    private static final String FORMAT_4 = "stabyl-4";
    /** The format before that: as stabyl-4, with every order ever placed and in no useful order. */
    private static final String FORMAT_3 = "stabyl-3";

    private final String epoch;
    private final LongConsumer keyRevoked;
    private final int terminalOrdersKept;
    private final Markets markets = new Markets();
    private final Set<Long> accounts = ConcurrentHashMap.newKeySet();
    private final ApiKeys apiKeys = new ApiKeys();
    // Every kept order, open or terminal, as the last command left it; this thread's. Readers and user.orders frames
    // share these records, so a record published once is never changed again: a command changes a copy (see
    // changing).
    private final Long2ObjectOpenHashMap<OrderRecord> orders = new Long2ObjectOpenHashMap<>();
    // The same orders as the last command to finish left them, for readers on other threads.
    private final PublishedOrders published = new PublishedOrders();
    // Made once: a lambda calling an instance method would be allocated anew for every order change.
    private final Function<Long, UserOrdersTopic> newUserOrdersTopic = accountId -> newUserOrdersTopic();
    private final LongPredicate isKept = orderId -> orders.containsKey(orderId);
    private final Map<Long, AccountOrderIds> orderIdsByAccount = new ConcurrentHashMap<>();
    // Per account, its kept terminal orders in the order they became terminal: the first is the first evicted.
    private final Long2ObjectOpenHashMap<ArrayDeque<OrderRecord>> terminalOrders = new Long2ObjectOpenHashMap<>();
    private final Map<Long, History> fillsByAccount = new ConcurrentHashMap<>();
    private final Map<Long, Map<Integer, long[]>> balances = new ConcurrentHashMap<>();
    private final Map<Integer, MarketFeeds> feeds = new ConcurrentHashMap<>();
    private final TopicGroup allTrades = new TopicGroup("trades.*");
    private final TopicGroup allTickers = new TopicGroup("ticker.*");
    private final TopicGroup allCandles = new TopicGroup("candles.*");
    private final Map<Long, UserOrdersTopic> userOrders = new ConcurrentHashMap<>();
    private final Map<Long, Topic> userFills = new ConcurrentHashMap<>();

    private long timestamp;
    private long nextCandleClose = Long.MAX_VALUE;
    private final Set<OrderRecord> changedOrders = new LinkedHashSet<>();
    private final Map<Integer, List<long[]>[]> bookChanges = new LinkedHashMap<>();
    private final Set<MarketFeeds> touched = new LinkedHashSet<>();

    /** A projection for the data directory of this epoch. */
    public StabylProjection(final String epoch)
    {
        this(epoch, keyId -> { });
    }

    /**
     * The same, telling {@code keyRevoked} (on the publisher thread) of every key revoked from now on, so that the
     * connections it opened can be closed.
     */
    public StabylProjection(final String epoch, final LongConsumer keyRevoked)
    {
        this(epoch, keyRevoked, TERMINAL_ORDERS_KEPT);
    }

    /** The same, keeping the latest {@code terminalOrdersKept} terminal orders of each account. */
    StabylProjection(final String epoch, final LongConsumer keyRevoked, final int terminalOrdersKept)
    {
        this.epoch = epoch;
        this.keyRevoked = keyRevoked;
        if (terminalOrdersKept < 1)
        {
            // The reply to the command that ended an order reads it after the command.
            throw new IllegalArgumentException("terminalOrdersKept must be at least 1, got " + terminalOrdersKept);
        }
        this.terminalOrdersKept = terminalOrdersKept;
    }

    /** The epoch of the stream. */
    public String epoch()
    {
        return epoch;
    }

    /** Markets and assets. */
    public Markets markets()
    {
        return markets;
    }

    /** Whether the account exists. */
    public boolean accountExists(final long accountId)
    {
        return accounts.contains(accountId);
    }

    /** The smallest positive account id not in use, for an admin who does not choose one. */
    public long firstFreeAccountId()
    {
        long id = 1;
        while (accounts.contains(id))
        {
            id++;
        }
        return id;
    }

    /** The issued API keys. */
    public ApiKeys apiKeys()
    {
        return apiKeys;
    }

    /** A kept order by id, or null: every open order, and the latest terminal ones of each account. */
    public OrderRecord order(final long orderId)
    {
        return published.get(orderId);
    }

    /**
     * Up to {@code limit} of an account's kept orders matching, newest first, after passing over the first
     * {@code offset} that match; reads no further than that.
     */
    public List<OrderRecord> orders(
        final long accountId, final int offset, final int limit, final Predicate<OrderRecord> matching)
    {
        final AccountOrderIds ids = orderIdsByAccount.get(accountId);
        if (null == ids || limit <= 0)
        {
            return List.of();
        }
        final List<OrderRecord> out = new ArrayList<>();
        final int[] matched = {0};
        ids.newestFirst(id ->
        {
            // Null when let go.
            final OrderRecord v = published.get(id);
            if (null != v && matching.test(v) && matched[0]++ >= offset)
            {
                out.add(v);
            }
            return out.size() < limit;
        });
        return out;
    }

    /** Up to {@code limit} of an account's latest fills matching, newest first; keys are order ids, tags pairs. */
    public List<History.Item> fills(final long accountId, final int limit, final Predicate<History.Item> matching)
    {
        final History fills = fillsByAccount.get(accountId);
        return null == fills ? List.of() : fills.newest(limit, matching);
    }

    /** An account's balances: asset id to {available, locked}. */
    public Map<Integer, long[]> balances(final long accountId)
    {
        return balances.getOrDefault(accountId, Map.of());
    }

    /** The feeds of a market. */
    MarketFeeds feeds(final int marketId)
    {
        return feeds.get(marketId);
    }

    /** The wildcard group of {@code trades}, {@code ticker} or {@code candles}, or null. */
    TopicGroup group(final String kind)
    {
        return switch (kind)
        {
            case "trades" -> allTrades;
            case "ticker" -> allTickers;
            case "candles" -> allCandles;
            default -> null;
        };
    }

    /** An account's user.orders topic. */
    UserOrdersTopic userOrdersTopic(final long accountId)
    {
        return userOrders.computeIfAbsent(accountId, newUserOrdersTopic);
    }

    /** An account's user.fills topic. */
    Topic userFillsTopic(final long accountId)
    {
        return userFills.computeIfAbsent(accountId, a -> newUserFillsTopic());
    }

    // ---------------------------------------------------------------------------------------------- events

    @Override
    public void onCommandStart(final long sequence, final long timestampNanos)
    {
        timestamp = timestampNanos;
    }

    @Override
    public void onAssetCreated(final int assetId, final String code, final int scale)
    {
        markets.putAsset(new Markets.Asset(assetId, code, scale));
    }

    @Override
    public void onInstrumentCreated(
        final int instrumentId, final String symbol, final int baseAssetId, final int quoteAssetId,
        final CreateInstrument spec)
    {
        addMarket(Market.of(instrumentId, symbol, spec));
    }

    private MarketFeeds addMarket(final Market market)
    {
        markets.put(market);
        final MarketFeeds f = new MarketFeeds(market, epoch, RING_CAPACITY);
        feeds.put(market.id(), f);
        allTrades.add(f.trades);
        allTickers.add(f.ticker);
        for (final Topic candles : f.candles)
        {
            allCandles.add(candles);
        }
        return f;
    }

    @Override
    public void onInstrumentStatusChanged(final int instrumentId, final InstrumentStatus status)
    {
        markets.put(markets.byId(instrumentId).withStatus(status));
    }

    @Override
    public void onAccountCreated(final long accountId)
    {
        accounts.add(accountId);
    }

    @Override
    public void onApiKeyIssued(
        final long keyId, final long accountId, final Sha256 keyHash, final Set<Permission> permissions)
    {
        apiKeys.issued(keyId, accountId, keyHash, permissions);
    }

    @Override
    public void onApiKeyRevoked(final long keyId, final long accountId)
    {
        apiKeys.revoked(keyId);
        keyRevoked.accept(keyId);
    }

    @Override
    public void onOrderAccepted(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId)
    {
        newOrder(orderId, accountId, instrumentId, side, type, timeInForce, price, quantity, clientOrderId)
            .status = OrderStatus.ACCEPTED;
    }

    @Override
    public void onOrderRejected(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId,
        final RejectReason reason)
    {
        final OrderRecord o =
            newOrder(orderId, accountId, instrumentId, side, type, timeInForce, price, quantity, clientOrderId);
        o.status = OrderStatus.REJECTED;
        o.rejectReason = reason;
    }

    private OrderRecord newOrder(
        final long orderId, final long accountId, final int instrumentId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity, final String clientOrderId)
    {
        final OrderRecord o = new OrderRecord();
        o.id = orderId;
        o.accountId = accountId;
        o.marketId = instrumentId;
        o.side = side;
        o.type = type;
        o.timeInForce = timeInForce;
        o.price = price;
        o.quantity = quantity;
        o.clientOrderId = clientOrderId;
        o.createdAt = timestamp;
        o.updatedAt = timestamp;
        orders.put(orderId, o);
        changedOrders.add(o);
        return o;
    }

    @Override
    public void onTrade(
        final long tradeId, final int instrumentId, final long price, final long quantity, final Side takerSide,
        final long takerOrderId, final long takerAccountId, final long takerFee, final int takerFeeAssetId,
        final long makerOrderId, final long makerAccountId, final long makerFee, final int makerFeeAssetId)
    {
        final MarketFeeds f = feeds.get(instrumentId);
        final Market market = f.market;
        f.trade(timestamp, tradeId, price, quantity, takerSide);
        touched.add(f);
        final String priceText = Decimals.format(price, market.priceScale());
        final String quantityText = Decimals.format(quantity, market.quantityScale());
        final String createdAt = Timestamps.format(timestamp);
        final Side makerSide = Side.BUY == takerSide ? Side.SELL : Side.BUY;
        fill(tradeId, takerOrderId, takerAccountId, market, takerSide, priceText, quantityText, takerFee,
            takerFeeAssetId, "taker", createdAt);
        fill(tradeId, makerOrderId, makerAccountId, market, makerSide, priceText, quantityText, makerFee,
            makerFeeAssetId, "maker", createdAt);
        for (final long orderId : new long[] {takerOrderId, makerOrderId})
        {
            final OrderRecord o = changing(orderId);
            o.filledNotional = o.filledNotional.add(BigInteger.valueOf(price).multiply(BigInteger.valueOf(quantity)));
        }
    }

    private void fill(
        final long tradeId, final long orderId, final long accountId, final Market market, final Side side,
        final String price, final String quantity, final long fee, final int feeAssetId, final String liquidity,
        final String createdAt)
    {
        final Markets.Asset feeAsset = markets.asset(feeAssetId);
        final byte[] json = Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("id", tradeId + "-" + liquidity);
            g.writeStringProperty("order_id", Long.toString(orderId));
            g.writeStringProperty("pair_id", market.pairId());
            g.writeStringProperty("side", CommandRequest.lower(side));
            g.writeStringProperty("price", price);
            g.writeStringProperty("quantity", quantity);
            g.writeStringProperty("fee", Decimals.format(fee, feeAsset.scale()));
            g.writeStringProperty("fee_currency", feeAsset.code());
            g.writeStringProperty("liquidity", liquidity);
            g.writeStringProperty("created_at", createdAt);
            g.writeEndObject();
        });
        accountFills(accountId).add(new History.Item(orderId, market.pairId(), json));
        final long ts = timestamp;
        userFillsTopic(accountId).publish(seq -> StabylFrames.data("user.fills", epoch, seq, ts, json));
    }

    private History accountFills(final long accountId)
    {
        return fillsByAccount.computeIfAbsent(accountId, a -> new History(FILLS_KEPT));
    }

    @Override
    public void onOrderPartiallyFilled(
        final long orderId, final long accountId, final long tradeId, final long price, final long quantity,
        final long filledQuantity, final long remainingQuantity)
    {
        update(orderId, OrderStatus.PARTIALLY_FILLED).filled = filledQuantity;
    }

    @Override
    public void onOrderFilled(
        final long orderId, final long accountId, final long tradeId, final long price, final long quantity,
        final long filledQuantity)
    {
        update(orderId, OrderStatus.FILLED).filled = filledQuantity;
    }

    @Override
    public void onOrderCancelled(
        final long orderId, final long accountId, final int instrumentId, final long filledQuantity,
        final long remainingQuantity, final CancelReason reason)
    {
        update(orderId, OrderStatus.CANCELLED).cancelReason = reason;
    }

    @Override
    public void onOrderExpired(
        final long orderId, final long accountId, final int instrumentId, final long filledQuantity,
        final long remainingQuantity, final CancelReason reason)
    {
        update(orderId, OrderStatus.EXPIRED).cancelReason = reason;
    }

    @Override
    public void onOrderReplaced(final long originalOrderId, final long newOrderId, final long accountId)
    {
        update(originalOrderId, orders.get(originalOrderId).status).replacedByOrderId = newOrderId;
        update(newOrderId, orders.get(newOrderId).status).replacesOrderId = originalOrderId;
    }

    @Override
    public void onOrderAmended(
        final long orderId, final long accountId, final long price, final long quantity, final long remainingQuantity,
        final boolean priorityKept)
    {
        final OrderRecord o = update(orderId, orders.get(orderId).status);
        o.price = price;
        o.quantity = quantity;
    }

    private OrderRecord update(final long orderId, final OrderStatus status)
    {
        final OrderRecord o = changing(orderId);
        o.status = status;
        o.updatedAt = timestamp;
        return o;
    }

    /**
     * The record of an order this command changes. The first change in a command makes a copy: the record as the
     * command before left it is published, and other threads may be reading it.
     */
    private OrderRecord changing(final long orderId)
    {
        final OrderRecord o = orders.get(orderId);
        if (changedOrders.contains(o))
        {
            return o;
        }
        final OrderRecord copy = o.copy();
        o.stale = true;
        orders.put(orderId, copy);
        changedOrders.add(copy);
        return copy;
    }

    @Override
    public void onBalanceChanged(final long accountId, final int assetId, final long available, final long locked)
    {
        balances.computeIfAbsent(accountId, a -> new ConcurrentHashMap<>()).put(assetId, new long[] {available, locked});
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onBookLevelChanged(
        final int instrumentId, final Side side, final long price, final long quantity, final int orderCount)
    {
        final List<long[]>[] changes = bookChanges.computeIfAbsent(instrumentId,
            id -> new List[] {new ArrayList<long[]>(), new ArrayList<long[]>()});
        changes[Side.BUY == side ? 0 : 1].add(new long[] {price, quantity});
    }

    @Override
    public void onCommandResult(
        final Outcome outcome, final RejectReason reason, final long orderId, final long newOrderId,
        final OrderStatus orderStatus, final boolean replayed)
    {
        final long ts = timestamp;
        for (final OrderRecord o : changedOrders)
        {
            userOrdersTopic(o.accountId).publish(ts, publish(o));
            if (!o.isOpen())
            {
                keepTerminal(o);
            }
        }
        changedOrders.clear();
        for (final Map.Entry<Integer, List<long[]>[]> e : bookChanges.entrySet())
        {
            final MarketFeeds f = feeds.get(e.getKey());
            f.bookChanged(e.getValue()[0], e.getValue()[1], ts);
            touched.add(f);
        }
        bookChanges.clear();
        if (ts >= nextCandleClose)
        {
            nextCandleClose = Long.MAX_VALUE;
            for (final MarketFeeds f : feeds.values())
            {
                f.closeCandles(ts);
                nextCandleClose = Math.min(nextCandleClose, f.nextCandleClose());
            }
        }
        for (final MarketFeeds f : touched)
        {
            f.afterCommand(ts);
            nextCandleClose = Math.min(nextCandleClose, f.nextCandleClose());
        }
        touched.clear();
    }

    // From here on other threads read the record: a later change is made to a copy.
    private OrderRecord publish(final OrderRecord o)
    {
        o.market = markets.byId(o.marketId);
        if (published.put(o))
        {
            // An order's first version; a later one replaces it, and the account's list holds the id already.
            orderIdsByAccount.computeIfAbsent(o.accountId, a -> new AccountOrderIds()).add(o.id);
        }
        return o;
    }

    /**
     * Queues an order that has ended and evicts its account's oldest terminal orders past the bound. Called at the end
     * of the command that ended the order, not at its terminal event: the original of a replace still gets
     * {@code onOrderReplaced} after its cancel in that command. Nothing comes after that command, since the engine
     * reports only on open orders, so no event can reach an evicted order.
     */
    private void keepTerminal(final OrderRecord o)
    {
        final ArrayDeque<OrderRecord> kept = terminalOrders.computeIfAbsent(o.accountId, a -> new ArrayDeque<>());
        kept.addLast(o);
        while (kept.size() > terminalOrdersKept)
        {
            final OrderRecord oldest = kept.removeFirst();
            published.remove(oldest.id);
            // A terminal record is never copied again: the one queued is the one kept.
            orders.remove(oldest.id);
            oldest.stale = true;
            orderIdsByAccount.get(oldest.accountId).removed(isKept);
        }
    }

    // ---------------------------------------------------------------------------------------------- snapshot

    @Override
    public String format()
    {
        return "stabyl-6";
    }

    /** Reads its own format and the three before it, so that an upgrade starts from the venue's snapshots. */
    @Override
    public boolean reads(final String format)
    {
        return format().equals(format) || FORMAT_5.equals(format) || FORMAT_4.equals(format)
            || FORMAT_3.equals(format);
    }

    @Override
    public void writeState(final DataOutput out) throws IOException
    {
        // On the thread that owns the state: the small parts go straight out, not through buffers as in a capture.
        take().writeTo(out, this::writeMarketsAndKeys, this::writeFillsAndBalances);
    }

    /**
     * Takes the state for a snapshot, on the thread that feeds this projection its events. The bulk of it, every kept
     * order record and every user.orders and user.fills frame, is taken as references: records and frames never
     * change once published (a command changes a copy), so the snapshot writer's thread writes them out while this
     * thread goes on with the next events; with a million resting orders, writing them here held every
     * acknowledgement up for about a second. The rest is small and written here at once.
     */
    @Override
    public Capture capture() throws IOException
    {
        final StateBuffer head = new StateBuffer(1 << 16);
        writeMarketsAndKeys(head);
        final StateBuffer middle = new StateBuffer(1 << 16);
        writeFillsAndBalances(middle);
        final Taken taken = take();
        return out -> taken.writeTo(out, head::writeTo, middle::writeTo);
    }

    // References to the parts that never change once published, as they are now.
    private Taken take()
    {
        final OrderRecord[] kept = orders.values().toArray(new OrderRecord[0]);
        final List<OrderRecord[]> ended = new ArrayList<>(terminalOrders.size());
        for (final ArrayDeque<OrderRecord> e : terminalOrders.values())
        {
            ended.add(e.toArray(new OrderRecord[0]));
        }
        return new Taken(kept, ended, captureTopics(userOrders), captureTopics(userFills),
            accounts.stream().mapToLong(Long::longValue).toArray());
    }

    /** The parts of a snapshot taken by reference, written out between the small parts given. */
    private record Taken(
        OrderRecord[] kept, List<OrderRecord[]> ended, List<CapturedTopic> orderTopics,
        List<CapturedTopic> fillTopics, long[] accountIds)
    {
        void writeTo(final DataOutput out, final Capture marketsAndKeys, final Capture fillsAndBalances)
            throws IOException
        {
            marketsAndKeys.writeTo(out);
            out.writeInt(kept.length);
            // Open orders, then each account's terminal ones in the order they became terminal, which reading keeps.
            for (final OrderRecord o : kept)
            {
                if (o.isOpen())
                {
                    o.writeState(out);
                }
            }
            for (final OrderRecord[] e : ended)
            {
                for (final OrderRecord o : e)
                {
                    o.writeState(out);
                }
            }
            fillsAndBalances.writeTo(out);
            writeTopics(out, orderTopics);
            writeTopics(out, fillTopics);
            out.writeInt(accountIds.length);
            for (final long id : accountIds)
            {
                out.writeLong(id);
            }
        }
    }

    private void writeMarketsAndKeys(final DataOutput out) throws IOException
    {
        final List<Markets.Asset> assets = markets.assets();
        out.writeInt(assets.size());
        for (final Markets.Asset a : assets)
        {
            out.writeInt(a.id());
            out.writeUTF(a.code());
            out.writeInt(a.scale());
        }
        final List<Market> all = markets.all();
        out.writeInt(all.size());
        for (final Market m : all)
        {
            out.writeInt(m.id());
            out.writeUTF(m.pairId());
            final byte[] spec = CommandCodec.encode(m.spec());
            out.writeInt(spec.length);
            out.write(spec);
            out.writeByte(m.status().ordinal());
            feeds.get(m.id()).writeState(out);
        }
        out.writeLong(nextCandleClose);
        final Map<Sha256, ApiKeys.Principal> keys = apiKeys.all();
        out.writeInt(keys.size());
        for (final Map.Entry<Sha256, ApiKeys.Principal> k : keys.entrySet())
        {
            out.writeLong(k.getKey().w0());
            out.writeLong(k.getKey().w1());
            out.writeLong(k.getKey().w2());
            out.writeLong(k.getKey().w3());
            out.writeLong(k.getValue().keyId());
            out.writeLong(k.getValue().accountId());
            int mask = 0;
            for (final Permission p : k.getValue().permissions())
            {
                mask |= 1 << p.ordinal();
            }
            out.writeInt(mask);
        }
    }

    private void writeFillsAndBalances(final DataOutput out) throws IOException
    {
        out.writeInt(fillsByAccount.size());
        for (final Map.Entry<Long, History> e : fillsByAccount.entrySet())
        {
            out.writeLong(e.getKey());
            e.getValue().writeState(out);
        }
        out.writeInt(balances.size());
        for (final Map.Entry<Long, Map<Integer, long[]>> e : balances.entrySet())
        {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue().size());
            for (final Map.Entry<Integer, long[]> b : e.getValue().entrySet())
            {
                out.writeInt(b.getKey());
                out.writeLong(b.getValue()[0]);
                out.writeLong(b.getValue()[1]);
            }
        }
    }

    @Override
    public void readState(final DataInput in) throws IOException
    {
        readState(in, format());
    }

    @Override
    public Replica newReplica()
    {
        // Nobody subscribes to its topics, and a key it sees revoked has no connections to close.
        final StabylProjection copy = new StabylProjection(epoch, keyId -> { }, terminalOrdersKept);
        return new Replica(copy, copy);
    }

    @Override
    public void readState(final DataInput in, final String format) throws IOException
    {
        markets.clear();
        apiKeys.clear();
        orders.clear();
        published.clear();
        orderIdsByAccount.clear();
        terminalOrders.clear();
        fillsByAccount.clear();
        balances.clear();
        feeds.clear();
        allTrades.clear();
        allTickers.clear();
        allCandles.clear();
        final int assetCount = in.readInt();
        for (int i = 0; i < assetCount; i++)
        {
            markets.putAsset(new Markets.Asset(in.readInt(), in.readUTF(), in.readInt()));
        }
        final int marketCount = in.readInt();
        for (int i = 0; i < marketCount; i++)
        {
            final int id = in.readInt();
            final String pairId = in.readUTF();
            final byte[] spec = new byte[in.readInt()];
            in.readFully(spec);
            final Market market = Market.of(id, pairId, (CreateInstrument)CommandCodec.decode(ByteBuffer.wrap(spec)))
                .withStatus(InstrumentStatus.values()[in.readByte()]);
            addMarket(market).readState(in);
        }
        nextCandleClose = in.readLong();
        final int keyCount = in.readInt();
        for (int i = 0; i < keyCount; i++)
        {
            final Sha256 hash = new Sha256(in.readLong(), in.readLong(), in.readLong(), in.readLong());
            final long keyId = in.readLong();
            final long accountId = in.readLong();
            final int mask = in.readInt();
            final Set<Permission> permissions = EnumSet.noneOf(Permission.class);
            for (final Permission p : Permission.values())
            {
                if ((mask & (1 << p.ordinal())) != 0)
                {
                    permissions.add(p);
                }
            }
            apiKeys.issued(keyId, accountId, hash, permissions);
        }
        final boolean stabyl3 = FORMAT_3.equals(format);
        final Map<Long, List<OrderRecord>> endedByAccount = new HashMap<>();
        final int orderCount = in.readInt();
        for (int i = 0; i < orderCount; i++)
        {
            final OrderRecord o = OrderRecord.readState(in);
            if (stabyl3 && !o.isOpen())
            {
                endedByAccount.computeIfAbsent(o.accountId, a -> new ArrayList<>()).add(o);
            }
            else
            {
                keep(o);
            }
        }
        // Stabyl-3 wrote every order ever placed, in hash order: keep each account's latest terminal ones in the order
        // they ended, as stabyl-4 would have. An order's last update is its end, since no event reaches an order after
        // it; orders that ended at one timestamp go by id, where stabyl-4 went by the events of the batch that ended
        // them, which stabyl-3 did not record: the two differ only where the bound cuts through such a group.
        for (final List<OrderRecord> ended : endedByAccount.values())
        {
            ended.sort(Comparator.<OrderRecord>comparingLong(o -> o.updatedAt).thenComparingLong(o -> o.id));
            for (final OrderRecord o : ended.subList(Math.max(0, ended.size() - terminalOrdersKept), ended.size()))
            {
                keep(o);
            }
        }
        for (final AccountOrderIds ids : orderIdsByAccount.values())
        {
            ids.sort();
        }
        final int fillAccounts = in.readInt();
        for (int i = 0; i < fillAccounts; i++)
        {
            accountFills(in.readLong()).readState(in);
        }
        final int balanceAccounts = in.readInt();
        for (int i = 0; i < balanceAccounts; i++)
        {
            final long accountId = in.readLong();
            final int count = in.readInt();
            for (int k = 0; k < count; k++)
            {
                onBalanceChanged(accountId, in.readInt(), in.readLong(), in.readLong());
            }
        }
        // Before stabyl-5, user.orders frames were kept as their bytes.
        final boolean encodedOrders = stabyl3 || FORMAT_4.equals(format);
        readTopics(in, userOrders, this::newUserOrdersTopic, encodedOrders);
        readTopics(in, userFills, StabylProjection::newUserFillsTopic, false);
        accounts.clear();
        final int accountCount = in.readInt();
        for (int i = 0; i < accountCount; i++)
        {
            accounts.add(in.readLong());
        }
    }

    private UserOrdersTopic newUserOrdersTopic()
    {
        return new UserOrdersTopic(epoch, markets, RING_CAPACITY, published::get);
    }

    private static Topic newUserFillsTopic()
    {
        return new Topic("user.fills", RING_CAPACITY);
    }

    private void keep(final OrderRecord o)
    {
        orders.put(o.id, o);
        publish(o);
        if (!o.isOpen())
        {
            keepTerminal(o);
        }
    }

    /** A topic of an account as {@link #capture} took it. */
    private record CapturedTopic(long accountId, Topic topic, Topic.Captured captured)
    {
    }

    private static List<CapturedTopic> captureTopics(final Map<Long, ? extends Topic> topics)
    {
        final List<CapturedTopic> captured = new ArrayList<>(topics.size());
        for (final Map.Entry<Long, ? extends Topic> e : topics.entrySet())
        {
            captured.add(new CapturedTopic(e.getKey(), e.getValue(), e.getValue().capture()));
        }
        return captured;
    }

    private static void writeTopics(final DataOutput out, final List<CapturedTopic> topics) throws IOException
    {
        out.writeInt(topics.size());
        for (final CapturedTopic t : topics)
        {
            out.writeLong(t.accountId());
            t.topic().write(out, t.captured());
        }
    }

    /** Reads what writeTopics wrote; {@code encoded}: every frame as its bytes, whatever the topic keeps. */
    private static <T extends Topic> void readTopics(
        final DataInput in, final Map<Long, T> topics, final Supplier<T> maker, final boolean encoded)
        throws IOException
    {
        topics.clear();
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            final T topic = maker.get();
            topics.put(in.readLong(), topic);
            if (encoded)
            {
                topic.readState(in, Topic::readEncoded);
            }
            else
            {
                topic.readState(in);
            }
        }
    }
}
