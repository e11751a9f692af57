package dev.bourse.server.metrics;

import dev.bourse.engine.command.Command;
import dev.bourse.engine.event.EngineEvent;
import dev.bourse.engine.event.Outcome;
import dev.bourse.gateway.GatewayMetrics;
import dev.bourse.gateway.net.HttpEndpoint;
import dev.bourse.journal.sequencer.Sequencer;
import dev.bourse.journal.sequencer.SequencerObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every counter of a running venue in one Prometheus registry, served as text at {@code /metrics}. Counters are
 * looked up once per label set and kept, so counting a message costs two map reads and an add, no allocation.
 */
public final class Metrics implements GatewayMetrics, SequencerObserver, HttpEndpoint
{
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicInteger> openConnections = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Counter>> messagesIn = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Counter>> messagesOut = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Counter>> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, Counter> resyncs = new ConcurrentHashMap<>();
    private final Map<String, Counter> slowDisconnects = new ConcurrentHashMap<>();
    private final ClassValue<Counter[]> commands = new ClassValue<>()
    {
        @Override
        protected Counter[] computeValue(final Class<?> type)
        {
            final Outcome[] outcomes = Outcome.values();
            final Counter[] byOutcome = new Counter[outcomes.length];
            for (final Outcome o : outcomes)
            {
                byOutcome[o.ordinal()] = Counter.builder("bourse.commands")
                    .description("Commands applied, by command type and outcome")
                    .tag("type", type.getSimpleName()).tag("outcome", o.name().toLowerCase(Locale.ROOT))
                    .register(registry);
            }
            return byOutcome;
        }
    };
    private final Timer apply = Timer.builder("bourse.engine.apply")
        .description("Engine-thread time per command (engine, event projection, reply rendering), averaged per batch")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100))
        .maximumExpectedValue(Duration.ofMillis(100)).register(registry);
    private final DistributionSummary batchSize = DistributionSummary.builder("bourse.journal.batch.commands")
        .description("Commands written to the journal per batch")
        .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(65_536.0).register(registry);
    private final Timer fsync = Timer.builder("bourse.journal.fsync")
        .description("Time to fsync one journal batch")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);

    /** Also reports the depth of the sequencer's queue, read at each scrape. */
    public void watch(final Supplier<Sequencer> sequencer)
    {
        Gauge.builder("bourse.sequencer.queue.depth", () -> sequencer.get().queueDepth())
            .description("Commands waiting for the sequencer").register(registry);
    }

    @Override
    public void connectionOpened(final String protocol)
    {
        connections(protocol).incrementAndGet();
    }

    @Override
    public void connectionClosed(final String protocol)
    {
        connections(protocol).decrementAndGet();
    }

    private AtomicInteger connections(final String protocol)
    {
        return openConnections.computeIfAbsent(protocol, p ->
        {
            final AtomicInteger open = new AtomicInteger();
            Gauge.builder("bourse.connections.open", open, AtomicInteger::get)
                .description("Open WebSocket connections, by protocol").tag("protocol", p).register(registry);
            return open;
        });
    }

    @Override
    public void messageIn(final String protocol, final String type)
    {
        counter(messagesIn, protocol, type, "bourse.messages.in", "Messages and REST requests received",
            "type").increment();
    }

    @Override
    public void messageOut(final String protocol, final String type)
    {
        counter(messagesOut, protocol, type, "bourse.messages.out", "Messages and REST responses sent",
            "type").increment();
    }

    @Override
    public void rateLimited(final String protocol, final String scope)
    {
        counter(rateLimited, protocol, scope, "bourse.rate.limited", "Messages and requests refused by a rate limit",
            "scope").increment();
    }

    @Override
    public void slowConsumerResync(final String protocol)
    {
        resyncs.computeIfAbsent(protocol, p -> Counter.builder("bourse.slow.consumer.resyncs")
            .description("Lagging connections re-synced after they drained").tag("protocol", p).register(registry))
            .increment();
    }

    @Override
    public void slowConsumerDisconnect(final String protocol)
    {
        slowDisconnects.computeIfAbsent(protocol, p -> Counter.builder("bourse.slow.consumer.disconnects")
            .description("Lagging connections closed").tag("protocol", p).register(registry))
            .increment();
    }

    private Counter counter(
        final Map<String, Map<String, Counter>> family, final String protocol, final String label, final String name,
        final String description, final String labelName)
    {
        final Map<String, Counter> byLabel = family.computeIfAbsent(protocol, p -> new ConcurrentHashMap<>());
        final Counter existing = byLabel.get(label);
        if (null != existing)
        {
            return existing;
        }
        final Function<String, Counter> create = l -> Counter.builder(name).description(description)
            .tag("protocol", protocol).tag(labelName, l).register(registry);
        return byLabel.computeIfAbsent(label, create);
    }

    @Override
    public void onBatch(final int commandCount, final long forceNanos, final long applyNanos)
    {
        batchSize.record(commandCount);
        apply.record(applyNanos / commandCount, TimeUnit.NANOSECONDS);
        if (forceNanos >= 0)
        {
            fsync.record(forceNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void onCommand(final Command command, final EngineEvent.CommandResult result)
    {
        commands.get(command.getClass())[result.outcome().ordinal()].increment();
    }

    @Override
    public Page render()
    {
        return new Page(CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
