package dev.bourse.gateway;

import dev.bourse.gateway.net.HttpEndpoint;
import dev.bourse.journal.sequencer.SequencerObserver;

import java.util.Map;

/**
 * What a venue reports and serves besides its protocols: counters of the gateway and the sequencer, and extra GET
 * pages on the public port (such as {@code /metrics}).
 *
 * @param metrics   the gateway's counters.
 * @param sequencer the sequencer's counters.
 * @param endpoints extra pages by path.
 */
public record Instrumentation(GatewayMetrics metrics, SequencerObserver sequencer, Map<String, HttpEndpoint> endpoints)
{
    /** Nothing reported, nothing extra served. */
    public static final Instrumentation NONE =
        new Instrumentation(GatewayMetrics.NONE, SequencerObserver.NONE, Map.of());

    /** Copies the endpoints. */
    public Instrumentation
    {
        endpoints = Map.copyOf(endpoints);
    }
}
