package dev.bourse.server;

import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.gateway.Gateway;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.market.Markets;
import dev.bourse.server.config.AssetSpec;
import dev.bourse.server.config.InstrumentSpec;
import dev.bourse.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists the configured assets and instruments that the venue does not have yet, through the sequencer like any admin
 * command. One already listed is left as it is: changing a live instrument is not supported, so a difference is
 * only reported.
 */
public final class InstrumentSetup
{
    private static final Logger LOG = LoggerFactory.getLogger(InstrumentSetup.class);

    private InstrumentSetup()
    {
    }

    /** Creates what is missing and returns every configured instrument as the engine knows it. */
    public static List<CreateInstrument> ensure(final Gateway gateway, final ServerConfig config)
        throws InterruptedException
    {
        final Markets markets = gateway.projection().markets();
        for (final AssetSpec asset : config.assets())
        {
            final Markets.Asset existing = markets.asset(asset.code());
            if (null == existing)
            {
                Commands.accept(gateway.sequencer(), asset.toCommand(), "cannot list asset " + asset.code());
                LOG.info("asset listed: code={}, scale={}", asset.code(), asset.scale());
            }
            else if (existing.scale() != asset.scale())
            {
                LOG.warn("asset {} has scale {} in the config but {} in the data directory; keeping {}",
                    asset.code(), asset.scale(), existing.scale(), existing.scale());
            }
        }
        // The venue's scales, not the config's: an asset listed before keeps the scale it was listed with.
        final Map<String, Integer> scales = markets.scales();
        final List<CreateInstrument> listed = new ArrayList<>();
        for (final InstrumentSpec spec : config.instruments())
        {
            final CreateInstrument wanted = spec.toCommand(scales);
            final Market existing = markets.byPair(wanted.symbol());
            if (null == existing)
            {
                Commands.accept(gateway.sequencer(), wanted, "cannot list instrument " + wanted.symbol());
                LOG.info("instrument listed: symbol={}", wanted.symbol());
                listed.add(wanted);
            }
            else
            {
                if (!existing.spec().equals(wanted))
                {
                    LOG.warn("instrument {} differs from the config; the listed one stays (changing a live "
                        + "instrument is not supported)", wanted.symbol());
                }
                listed.add(existing.spec());
            }
        }
        return listed;
    }
}
