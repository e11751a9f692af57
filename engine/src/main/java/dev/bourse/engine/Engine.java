package dev.bourse.engine;

import dev.bourse.engine.account.Account;
import dev.bourse.engine.account.ApiKey;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.book.BookSide;
import dev.bourse.engine.book.Order;
import dev.bourse.engine.book.PriceLevel;
import dev.bourse.engine.command.AccountCommand;
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
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.command.ReplaceOrder;
import dev.bourse.engine.command.RevokeApiKey;
import dev.bourse.engine.command.SetInstrumentStatus;
import dev.bourse.engine.command.Withdraw;
import dev.bourse.engine.event.EventSink;
import dev.bourse.engine.idempotency.IdempotencyEntry;
import dev.bourse.engine.instrument.Amounts;
import dev.bourse.engine.instrument.Asset;
import dev.bourse.engine.instrument.Instrument;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.CancelReason;
import dev.bourse.engine.order.Side;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The matching engine: single-threaded and deterministic. {@link #apply} reads only its arguments and the current
 * state, and reports every change to the {@link EventSink}; time and ids come from the sequence number and timestamp
 * the caller stamps on each command, so replaying the same commands gives the same events and the same
 * {@link #stateHash()}. Business rejections are events; an exception from {@code apply} is a bug.
 *
 * <p>Order ids and API key ids are the sequence number of the command that created them; trade ids count up from 1.
 * Account 0 is the venue's fee account, which receives every fee.
 */
public final class Engine
{
    private static final Pattern ASSET_CODE = Pattern.compile("[A-Z0-9]{1,16}");

    private final EngineState state = new EngineState();
    private final Ledger ledger = new Ledger();
    private final Result result = new Result();
    private final Matcher matcher = new Matcher(state, ledger);
    private final OrderHandler orders = new OrderHandler(state, matcher, result);
    private EventSink sink;

    /** An engine with no assets, instruments or accounts but the fee account, reporting to {@code sink}. */
    public Engine(final EventSink sink)
    {
        sink(sink);
    }

    /** Reports events to another sink from the next command on. */
    public void sink(final EventSink sink)
    {
        this.sink = sink;
        matcher.sink(sink);
    }

    /**
     * Applies one command.
     *
     * @param sequence       the command's sequence number, greater than the last one applied.
     * @param timestampNanos the command's time, nanoseconds since the epoch, stamped by the sequencer.
     * @param command        the command.
     * @throws IllegalArgumentException if the sequence number does not increase: the caller's bug.
     */
    public void apply(final long sequence, final long timestampNanos, final Command command)
    {
        if (sequence <= state.lastSequence)
        {
            throw new IllegalArgumentException(
                "sequence must increase: last=" + state.lastSequence + ", got=" + sequence);
        }
        state.lastSequence = sequence;
        state.lastTimestampNanos = timestampNanos;
        state.idempotency.expire(timestampNanos);
        sink.onCommandStart(sequence, timestampNanos);
        ledger.begin(sequence);
        orders.begin(sink, sequence, timestampNanos);
        result.reset();

        if (command instanceof AccountCommand accountCommand)
        {
            applyAccountCommand(timestampNanos, accountCommand);
        }
        else
        {
            applyAdminCommand(sequence, command);
        }
    }

    private void applyAccountCommand(final long timestampNanos, final AccountCommand command)
    {
        final Account account = state.accounts.get(command.accountId());
        final String key = command.idempotencyKey();
        if (null == account)
        {
            result.reject(RejectReason.UNKNOWN_ACCOUNT);
            finish();
            return;
        }
        long fingerprint = 0;
        if (null != key)
        {
            fingerprint = command.fingerprint();
            final IdempotencyEntry earlier = state.idempotency.find(account.id(), key);
            if (null != earlier)
            {
                if (earlier.fingerprint() == fingerprint)
                {
                    sink.onCommandResult(earlier.outcome(), earlier.reason(), earlier.orderId(),
                        earlier.newOrderId(), earlier.orderStatus(), true);
                }
                else
                {
                    result.reject(RejectReason.IDEMPOTENCY_CONFLICT);
                    finish();
                }
                return;
            }
        }
        switch (command)
        {
            case PlaceOrder c -> orders.place(account, c);
            case CancelOrder c -> orders.cancel(account, c);
            case AmendOrder c -> orders.amend(account, c);
            case ReplaceOrder c -> orders.replace(account, c);
            case MassCancel c -> orders.massCancel(account, c);
            case Deposit c -> deposit(account, c);
            case Withdraw c -> withdraw(account, c);
        }
        if (null != key)
        {
            state.idempotency.remember(account.id(), key, fingerprint, timestampNanos)
                .result(result.outcome, result.reason, result.orderId, result.newOrderId, result.orderStatus);
        }
        finish();
    }

    private void applyAdminCommand(final long sequence, final Command command)
    {
        switch (command)
        {
            case CreateAsset c -> createAsset(c);
            case CreateInstrument c -> createInstrument(c);
            case SetInstrumentStatus c -> setInstrumentStatus(c);
            case CreateAccount c -> createAccount(c);
            case IssueApiKey c -> issueApiKey(sequence, c);
            case RevokeApiKey c -> revokeApiKey(c);
            case AccountCommand c -> throw new IllegalStateException("account command routed as admin: " + c);
        }
        finish();
    }

    // Reports the aggregated balance and book changes, then the result.
    private void finish()
    {
        ledger.emitChanges(sink);
        final List<BookSide> dirty = state.dirtySides;
        for (int i = 0; i < dirty.size(); i++)
        {
            dirty.get(i).emitChanges(sink);
        }
        dirty.clear();
        sink.onCommandResult(
            result.outcome, result.reason, result.orderId, result.newOrderId, result.orderStatus, false);
    }

    private void createAsset(final CreateAsset c)
    {
        if (!ASSET_CODE.matcher(c.code()).matches() || c.scale() < 0 || c.scale() > 18)
        {
            result.reject(RejectReason.INVALID_ASSET);
            return;
        }
        if (state.assetsByCode.containsKey(c.code()))
        {
            result.reject(RejectReason.ASSET_EXISTS);
            return;
        }
        final Asset asset = new Asset(state.assets.size(), c.code(), c.scale());
        state.assets.add(asset);
        state.supply.add(0);
        state.assetsByCode.put(asset.code(), asset);
        for (final Account account : state.accounts.values())
        {
            account.ensureAssets(state.assets.size());
        }
        sink.onAssetCreated(asset.id(), asset.code(), asset.scale());
    }

    private void createInstrument(final CreateInstrument c)
    {
        final Asset base = state.assetsByCode.get(c.base());
        final Asset quote = state.assetsByCode.get(c.quote());
        if (state.instrumentsBySymbol.containsKey(c.symbol()))
        {
            result.reject(RejectReason.INSTRUMENT_EXISTS);
            return;
        }
        if (null == base || null == quote)
        {
            result.reject(RejectReason.UNKNOWN_ASSET);
            return;
        }
        if (null != Instrument.validate(c, base, quote))
        {
            result.reject(RejectReason.INVALID_INSTRUMENT);
            return;
        }
        final Instrument instrument = new Instrument(state.instruments.size(), c, base, quote, state.dirtySides);
        state.instruments.add(instrument);
        state.instrumentsBySymbol.put(instrument.symbol(), instrument);
        sink.onInstrumentCreated(instrument.id(), instrument.symbol(), base.id(), quote.id(), instrument.spec());
    }

    private void setInstrumentStatus(final SetInstrumentStatus c)
    {
        final Instrument instrument = state.instrumentsBySymbol.get(c.symbol());
        if (null == instrument)
        {
            result.reject(RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        if (instrument.status() == c.status())
        {
            return;
        }
        if (c.status() == InstrumentStatus.HALTED)
        {
            cancelAll(instrument.book().bids());
            cancelAll(instrument.book().asks());
        }
        instrument.status(c.status());
        sink.onInstrumentStatusChanged(instrument.id(), c.status());
    }

    private void cancelAll(final BookSide side)
    {
        while (!side.isEmpty())
        {
            matcher.cancel(side.best().head(), CancelReason.HALT);
        }
    }

    private void createAccount(final CreateAccount c)
    {
        if (c.accountId() <= 0)
        {
            result.reject(RejectReason.INVALID_ACCOUNT);
            return;
        }
        if (state.accounts.containsKey(c.accountId()))
        {
            result.reject(RejectReason.ACCOUNT_EXISTS);
            return;
        }
        state.accounts.put(c.accountId(), new Account(c.accountId(), c.defaultStp(), state.assets.size()));
        sink.onAccountCreated(c.accountId());
    }

    private void deposit(final Account account, final Deposit c)
    {
        final Asset asset = state.assetsByCode.get(c.asset());
        if (null == asset)
        {
            result.reject(RejectReason.UNKNOWN_ASSET);
            return;
        }
        if (c.amount() <= 0)
        {
            result.reject(RejectReason.INVALID_AMOUNT);
            return;
        }
        final long supply = Amounts.add(state.supply.getLong(asset.id()), c.amount());
        if (supply == Amounts.OVERFLOW)
        {
            result.reject(RejectReason.AMOUNT_TOO_LARGE);
            return;
        }
        state.supply.set(asset.id(), supply);
        ledger.credit(account, asset.id(), c.amount());
    }

    private void withdraw(final Account account, final Withdraw c)
    {
        final Asset asset = state.assetsByCode.get(c.asset());
        if (null == asset)
        {
            result.reject(RejectReason.UNKNOWN_ASSET);
            return;
        }
        if (c.amount() <= 0)
        {
            result.reject(RejectReason.INVALID_AMOUNT);
            return;
        }
        if (account.available(asset.id()) < c.amount())
        {
            result.reject(RejectReason.INSUFFICIENT_BALANCE);
            return;
        }
        state.supply.set(asset.id(), state.supply.getLong(asset.id()) - c.amount());
        ledger.debit(account, asset.id(), c.amount());
    }

    private void issueApiKey(final long keyId, final IssueApiKey c)
    {
        if (!state.accounts.containsKey(c.accountId()))
        {
            result.reject(RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        if (state.apiKeysByHash.containsKey(c.keyHash()))
        {
            result.reject(RejectReason.API_KEY_EXISTS);
            return;
        }
        final ApiKey key = new ApiKey(keyId, c.accountId(), c.keyHash(), c.permissions(), false);
        state.apiKeys.put(keyId, key);
        state.apiKeysByHash.put(c.keyHash(), key);
        sink.onApiKeyIssued(keyId, c.accountId(), c.keyHash(), c.permissions());
    }

    private void revokeApiKey(final RevokeApiKey c)
    {
        final ApiKey key = state.apiKeys.get(c.keyId());
        if (null == key || key.revoked())
        {
            result.reject(RejectReason.UNKNOWN_API_KEY);
            return;
        }
        final ApiKey revoked = new ApiKey(key.keyId(), key.accountId(), key.keyHash(), key.permissions(), true);
        state.apiKeys.put(key.keyId(), revoked);
        state.apiKeysByHash.put(key.keyHash(), revoked);
        sink.onApiKeyRevoked(key.keyId(), key.accountId());
    }

    /**
     * Writes the whole state in its canonical form (the bytes behind {@link #stateHash()}); {@link #restore} reads it
     * back into an engine that continues exactly as this one would.
     */
    public void writeState(final DataOutput out) throws IOException
    {
        StateWriter.write(state, out);
    }

    /** An engine holding the state written by {@link #writeState}, reporting to {@code sink}. */
    public static Engine restore(final DataInput in, final EventSink sink) throws IOException
    {
        final Engine engine = new Engine(sink);
        StateReader.read(engine.state, in);
        return engine;
    }

    /** The sequence number of the last command applied, 0 before the first. */
    public long lastSequence()
    {
        return state.lastSequence;
    }

    /** The timestamp of the last command applied, 0 before the first. */
    public long lastTimestampNanos()
    {
        return state.lastTimestampNanos;
    }

    /** SHA-256 of the canonical serialization of the whole state. */
    public byte[] stateHash()
    {
        try
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DataOutputStream out = new DataOutputStream(
                new DigestOutputStream(OutputStream.nullOutputStream(), digest)))
            {
                StateWriter.write(state, out);
            }
            return digest.digest();
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** The id of a registered asset, or -1. */
    public int assetId(final String code)
    {
        final Asset asset = state.assetsByCode.get(code);
        return null == asset ? -1 : asset.id();
    }

    /** The registered assets, by id. */
    public List<Asset> assets()
    {
        return List.copyOf(state.assets);
    }

    /** Every account id, fee account included, ascending. */
    public long[] accountIds()
    {
        final long[] ids = state.accounts.keySet().toLongArray();
        Arrays.sort(ids);
        return ids;
    }

    /** An account's available balance in an asset; 0 for an unknown account. */
    public long available(final long accountId, final String asset)
    {
        final Account account = state.accounts.get(accountId);
        return null == account ? 0 : account.available(state.assetsByCode.get(asset).id());
    }

    /** An account's locked balance in an asset; 0 for an unknown account. */
    public long locked(final long accountId, final String asset)
    {
        final Account account = state.accounts.get(accountId);
        return null == account ? 0 : account.locked(state.assetsByCode.get(asset).id());
    }

    /** An instrument's status, or null if it is not listed. */
    public InstrumentStatus instrumentStatus(final String symbol)
    {
        final Instrument instrument = state.instrumentsBySymbol.get(symbol);
        return null == instrument ? null : instrument.status();
    }

    /** An instrument's last trade price, 0 before the first trade. */
    public long lastTradePrice(final String symbol)
    {
        return state.instrumentsBySymbol.get(symbol).lastTradePrice();
    }

    /** An open order, or null once it is closed (or never existed). */
    public OpenOrder openOrder(final long orderId)
    {
        final Order o = state.openOrders.get(orderId);
        return null == o ? null : view(o);
    }

    /** An account's open orders, oldest first. */
    public List<OpenOrder> openOrders(final long accountId)
    {
        final List<OpenOrder> list = new ArrayList<>();
        final Account account = state.accounts.get(accountId);
        for (Order o = null == account ? null : account.firstOpenOrder(); null != o; o = o.accountNext())
        {
            list.add(view(o));
        }
        return list;
    }

    /** Number of open orders over all accounts. */
    public int openOrderCount()
    {
        return state.openOrders.size();
    }

    /** One side of a book, best level first. */
    public List<BookLevel> levels(final String symbol, final Side side)
    {
        final BookSide bookSide = state.instrumentsBySymbol.get(symbol).book().side(side);
        final List<BookLevel> levels = new ArrayList<>(bookSide.levelCount());
        for (int depth = 0; depth < bookSide.levelCount(); depth++)
        {
            final PriceLevel level = bookSide.levelFromBest(depth);
            levels.add(new BookLevel(level.price(), level.totalQuantity(), level.orderCount()));
        }
        return levels;
    }

    /** The API key with this hash, revoked or not, or null. */
    public ApiKey apiKey(final Sha256 keyHash)
    {
        return state.apiKeysByHash.get(keyHash);
    }

    /**
     * Checks the engine's internal consistency and throws {@link IllegalStateException} naming the first broken rule:
     * no book crossed; levels sorted, their aggregates equal to their orders; every open order rests, has
     * 0 &lt; remaining &lt;= quantity and holds exactly what its remainder needs; every account's locked balance
     * equals the holds of its open orders; no balance negative.
     */
    public void checkInvariants()
    {
        InvariantChecker.check(state);
    }

    private static OpenOrder view(final Order o)
    {
        return new OpenOrder(o.orderId(), o.account().id(), o.instrument().symbol(), o.side(), o.type(),
            o.timeInForce(), o.stp(), o.clientOrderId(), o.price(), o.quantity(), o.filled(), o.locked(),
            o.isResting());
    }
}
