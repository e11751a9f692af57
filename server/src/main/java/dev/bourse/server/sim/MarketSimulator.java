package dev.bourse.server.sim;

import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.journal.sequencer.Sequencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A live demo market. On every instrument a market maker keeps a ladder of bids and asks around a reference price
 * that follows a bounded random walk, and takers send market orders and marketable limit orders at a steady average
 * rate. The maker and the taker are ordinary accounts in a reserved id range, and every order goes through the
 * sequencer like a client's: there is no side door into the engine. When the sequencer's queue is full an action is
 * dropped, never buffered. Instruments without a listed reference price are left alone.
 */
public final class MarketSimulator implements AutoCloseable
{
    /** The market maker's account. */
    public static final long MAKER_ACCOUNT_ID = 1_000_000_001L;
    /** The taker's account. */
    public static final long TAKER_ACCOUNT_ID = 1_000_000_002L;
    /** What a new simulator account receives in every asset: plenty, with room left under the supply limit. */
    public static final long DEPOSIT = Long.MAX_VALUE / 64;

    private static final Logger LOG = LoggerFactory.getLogger(MarketSimulator.class);

    // Ticks the loop may fall behind before it gives them up instead of catching up in a burst.
    private static final int MAX_LAG_TICKS = 5;

    private final Sequencer sequencer;
    private final SimulatorSettings settings;
    private final long seed;
    private final List<SimulatedInstrument> instruments = new ArrayList<>();
    private final Set<String> assets = new TreeSet<>();
    private final CountingSubmitter submitter;
    private final Thread thread;
    private volatile boolean running;
    private volatile RuntimeException failure;

    /**
     * A simulator for these instruments; call {@link #start()} to run it.
     *
     * @param sequencer   the sequencer every order goes through.
     * @param instruments the listed instruments to trade on.
     * @param assetScales decimal places of each asset, by code; must hold every quote asset.
     * @param settings    rates, depth, seed and tick.
     */
    public MarketSimulator(
        final Sequencer sequencer, final List<CreateInstrument> instruments, final Map<String, Integer> assetScales,
        final SimulatorSettings settings)
    {
        this.sequencer = Objects.requireNonNull(sequencer, "sequencer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.seed = 0 != settings.seed() ? settings.seed() : randomSeed();
        this.submitter = new CountingSubmitter(sequencer);
        final SplittableRandom random = new SplittableRandom(seed);
        for (final CreateInstrument spec : instruments)
        {
            final MarketShape shape = MarketShape.of(spec, scale(assetScales, spec.quote()), settings.levels());
            if (null != shape)
            {
                this.instruments.add(new SimulatedInstrument(
                    shape, settings, MAKER_ACCOUNT_ID, TAKER_ACCOUNT_ID, random.split()));
                assets.add(spec.base());
                assets.add(spec.quote());
            }
        }
        this.thread = new Thread(this::run, "bourse-simulator");
        thread.setDaemon(true);
    }

    /**
     * Opens and funds the simulator's accounts, waiting for the sequencer's answers, then starts trading on the
     * "bourse-simulator" thread. Accounts left by an earlier run on the same data directory are reused as they are.
     *
     * @throws IllegalStateException when already started, or the accounts could not be set up within ten seconds.
     */
    public void start() throws InterruptedException
    {
        if (thread.getState() != Thread.State.NEW)
        {
            throw new IllegalStateException("simulator already started");
        }
        AccountSetup.run(sequencer, new long[] {MAKER_ACCOUNT_ID, TAKER_ACCOUNT_ID}, assets, DEPOSIT);
        running = true;
        thread.start();
    }

    /** Stops trading and waits for the thread; nothing is submitted afterwards, and resting quotes stay. */
    @Override
    public void close() throws InterruptedException
    {
        running = false;
        if (thread.getState() != Thread.State.NEW)
        {
            LockSupport.unpark(thread);
            thread.join();
        }
    }

    /** The seed actually used: the configured one, or the random one drawn for seed 0. */
    public long seed()
    {
        return seed;
    }

    /** The instruments being traded, in listing order. */
    public List<String> symbols()
    {
        return instruments.stream().map(SimulatedInstrument::symbol).toList();
    }

    /** Orders and cancels the sequencer queued. */
    public long submitted()
    {
        return submitter.submitted();
    }

    /** Of those, how many the engine refused. */
    public long rejected()
    {
        return submitter.rejected();
    }

    /** Orders and cancels dropped because the sequencer's queue was full or it had stopped. */
    public long refused()
    {
        return submitter.refused();
    }

    /** Queued commands that the sequencer failed before making them durable. */
    public long failed()
    {
        return submitter.failed();
    }

    /** Rejections so far by reason; only reasons that occurred. */
    public Map<RejectReason, Long> rejectReasons()
    {
        return Collections.unmodifiableMap(submitter.rejectedByReason());
    }

    /** What stopped the simulator's thread on its own, or null. */
    public RuntimeException failure()
    {
        return failure;
    }

    private void run()
    {
        final long tickNanos = TimeUnit.MILLISECONDS.toNanos(settings.tickMillis());
        long next = System.nanoTime();
        try
        {
            while (running)
            {
                for (int i = 0; i < instruments.size() && running; i++)
                {
                    instruments.get(i).step(submitter);
                }
                next += tickNanos;
                if (System.nanoTime() - next > MAX_LAG_TICKS * tickNanos)
                {
                    next = System.nanoTime();
                }
                long waitNanos;
                while (running && (waitNanos = next - System.nanoTime()) > 0)
                {
                    LockSupport.parkNanos(this, waitNanos);
                }
            }
        }
        catch (final RuntimeException e)
        {
            // A bug here must not take the exchange down: the simulator stops and says why.
            failure = e;
            running = false;
            LOG.error("market simulator stopped: seed={}", seed, e);
        }
    }

    private static int scale(final Map<String, Integer> assetScales, final String asset)
    {
        final Integer scale = assetScales.get(asset);
        if (null == scale)
        {
            throw new IllegalArgumentException("no scale for asset: asset=" + asset);
        }
        return scale;
    }

    private static long randomSeed()
    {
        long seed = 0;
        while (0 == seed)
        {
            seed = ThreadLocalRandom.current().nextLong();
        }
        return seed;
    }
}
