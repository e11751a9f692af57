package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.command.IssueApiKey;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.StpMode;
import dev.bourse.gateway.Gateway;
import dev.bourse.gateway.GatewayConfig;
import dev.bourse.gateway.Instrumentation;
import dev.bourse.gateway.limit.RateLimits;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.Sequencer;
import dev.bourse.journal.sequencer.SequencerConfig;
import dev.bourse.journal.sequencer.Submissions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/** A real gateway on 127.0.0.1 and a free port, over a data directory, with USD/NGN and funded accounts. */
final class Venue implements AutoCloseable
{
    static final String KEY_A = "key-alice-0123456789";
    static final String KEY_B = "key-bob-0123456789";
    static final String KEY_READ_ONLY = "key-reader-0123456789";
    static final String KEY_NO_READ = "key-trader-0123456789";
    static final String KEY_NO_EXECUTE = "key-opener-0123456789";

    final Path dir;
    final Gateway gateway;

    /** What tests run with: any free port, and limits no test reaches by accident. */
    static final GatewayConfig CONFIG = GatewayConfig.DEFAULT.withPort(0)
        .withRateLimits(new RateLimits(1e6, 1_000_000, 1e6, 1_000_000, 1e6, 1_000_000, 5));

    /** Engine time: the wall clock unless a test moves it by hand. */
    final AtomicLong clockNanos = new AtomicLong();

    private Venue(final Path dir, final GatewayConfig config) throws InterruptedException
    {
        this.dir = dir;
        this.gateway = new Gateway(new JournalConfig(dir, SequencerConfig.DEFAULT.withPolicy(DurabilityPolicy.WRITE),
            1 << 20, 0, 0, 2), config, w -> { }, () ->
            {
                final long manual = clockNanos.get();
                return 0 == manual ? System.currentTimeMillis() * 1_000_000L : manual;
            }, Instrumentation.NONE);
    }

    /** A new venue with USD/NGN listed, accounts 1 and 2 funded, and their keys issued. */
    static Venue seeded(final Path dir) throws Exception
    {
        return seeded(dir, CONFIG);
    }

    /** The same, served with the given settings. */
    static Venue seeded(final Path dir, final GatewayConfig config) throws Exception
    {
        final Venue venue = new Venue(dir, config);
        venue.submit(new CreateAsset("USD", 4));
        venue.submit(new CreateAsset("NGN", 4));
        venue.submit(new CreateInstrument("USD", "NGN", 2, 2, 1, 1, 1, 1_000_000_00, 0, 10, 20, FeeAsset.RECEIVED,
            1000, 1650_00, InstrumentStatus.TRADING));
        for (long account = 1; account <= 2; account++)
        {
            venue.submit(new CreateAccount(account, StpMode.EXPIRE_TAKER));
            venue.submit(new Deposit(account, "USD", 1_000_000_0000L, null));
            venue.submit(new Deposit(account, "NGN", 1_000_000_000_0000L, null));
        }
        final Set<Permission> all = EnumSet.allOf(Permission.class);
        venue.submit(new IssueApiKey(1, Sha256.of(KEY_A), all));
        venue.submit(new IssueApiKey(2, Sha256.of(KEY_B), all));
        venue.submit(new IssueApiKey(1, Sha256.of(KEY_READ_ONLY), EnumSet.of(Permission.EXCHANGE_READ)));
        venue.submit(new IssueApiKey(1, Sha256.of(KEY_NO_EXECUTE),
            EnumSet.of(Permission.ORDERS_CREATE, Permission.EXCHANGE_READ)));
        venue.submit(new IssueApiKey(1, Sha256.of(KEY_NO_READ),
            EnumSet.of(Permission.ORDERS_CREATE, Permission.ORDERS_EXECUTE)));
        return venue;
    }

    /** Reopens an existing data directory. */
    static Venue reopen(final Path dir) throws Exception
    {
        return new Venue(dir, CONFIG);
    }

    String wsUrl()
    {
        return "ws://127.0.0.1:" + gateway.port() + "/v1/ws";
    }

    String httpUrl(final String path)
    {
        return "http://127.0.0.1:" + gateway.port() + "/v1/partner" + path;
    }

    EngineEvent.CommandResult submit(final Command command) throws Exception
    {
        return submit(gateway.sequencer(), command);
    }

    /** Submits a command and waits for its result, once durable. */
    static EngineEvent.CommandResult submit(final Sequencer sequencer, final Command command) throws Exception
    {
        return Submissions.submit(sequencer, command).get(10, TimeUnit.SECONDS).result();
    }

    @Override
    public void close() throws InterruptedException
    {
        gateway.close();
    }

    /** An order_create command for USD/NGN with client order id c-{requestId}. */
    static String create(final String requestId, final String side, final String price, final String qty)
    {
        return "{\"type\":\"command\",\"request_id\":\"" + requestId + "\",\"action\":\"order_create\","
            + "\"pair_id\":\"USD/NGN\",\"side\":\"" + side + "\",\"order_type\":\"limit\",\"price\":\"" + price
            + "\",\"quantity\":\"" + qty + "\",\"client_order_id\":\"c-" + requestId + "\"}";
    }

    static long crc(final String text)
    {
        final CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    HttpResponse<String> get(final String path, final String key)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpUrl(path))).GET();
        if (null != key)
        {
            request.header("X-Api-Key", key);
        }
        return send(request.build());
    }

    HttpResponse<String> post(final String path, final String key, final String idempotencyKey,
        final String body)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpUrl(path)))
            .POST(HttpRequest.BodyPublishers.ofString(body)).header("X-Api-Key", key);
        if (null != idempotencyKey)
        {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(final HttpRequest request)
    {
        try
        {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (final Exception e)
        {
            throw new CompletionException(e);
        }
    }
}
