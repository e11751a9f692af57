package dev.bourse.bench.journal;

import dev.bourse.bench.engine.CountingEventSink;
import dev.bourse.engine.event.EventSink;
import dev.bourse.gateway.protocol.stabyl.StabylProjection;
import dev.bourse.journal.snapshot.DerivedState;

import java.util.UUID;
import java.util.function.Supplier;

/** What a restart rebuilds from the log: the engine alone, or the engine and what the gateway derives from it. */
enum RecoveryMode
{
    /** The journal alone: events go to a counting sink, nothing is derived or saved beside the engine. */
    JOURNAL
    {
        @Override
        Layers layers(final UUID epoch)
        {
            return new Layers(new CountingEventSink(), DerivedState.NONE, () -> new byte[0]);
        }
    },

    /**
     * What the server rebuilds (as {@code Gateway} opens its journal): events feed the Stabyl projection (markets,
     * orders, fills, balances, topics with their seqs and replay rings), which snapshots carry as derived state.
     */
    GATEWAY
    {
        @Override
        Layers layers(final UUID epoch)
        {
            final StabylProjection projection = new StabylProjection(epoch.toString());
            return new Layers(projection, projection, () -> ProjectionDigest.of(projection));
        }
    };

    /** Fresh layers for a data directory of this epoch. */
    abstract Layers layers(UUID epoch);

    /**
     * The sink the engine's events go to, the state derived from them, and a digest of that state to compare a
     * recovery with the run that wrote the log.
     */
    record Layers(EventSink sink, DerivedState derived, Supplier<byte[]> derivedHash)
    {
    }
}
