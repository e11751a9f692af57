package dev.bourse.bench.journal;

import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.protocol.stabyl.OrderRecord;
import dev.bourse.gateway.protocol.stabyl.StabylProjection;
import dev.bourse.gateway.stream.History;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of what clients can read from a Stabyl projection (markets, and every account's orders, fills and
 * balances) in a fixed order. The projection's snapshot bytes cannot be compared instead: they follow its hash
 * maps' iteration order, which differs between a projection rebuilt from events and one read from a snapshot.
 */
final class ProjectionDigest
{
    private final MessageDigest digest;

    private ProjectionDigest()
    {
        try
        {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The digest; accounts are taken to be numbered from 1 without gaps, as in the engine workload. */
    static byte[] of(final StabylProjection projection)
    {
        final ProjectionDigest d = new ProjectionDigest();
        for (final Market m : projection.markets().all())
        {
            d.add(m.id()).add(m.pairId()).add(m.status().name());
        }
        final long accounts = projection.firstFreeAccountId();
        d.add(accounts);
        for (long account = 1; account < accounts; account++)
        {
            for (final OrderRecord o : projection.orders(account, 0, Integer.MAX_VALUE, o -> true))
            {
                d.add(o.id()).add(o.status().name()).add(o.updatedAt()).add(o.json());
            }
            for (final History.Item fill : projection.fills(account, Integer.MAX_VALUE, item -> true))
            {
                d.add(fill.json());
            }
            for (final Map.Entry<Integer, long[]> b : new TreeMap<>(projection.balances(account)).entrySet())
            {
                d.add(b.getKey()).add(b.getValue()[0]).add(b.getValue()[1]);
            }
        }
        return d.digest.digest();
    }

    private ProjectionDigest add(final long value)
    {
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
        return this;
    }

    private ProjectionDigest add(final String value)
    {
        return add(value.getBytes(StandardCharsets.UTF_8));
    }

    private ProjectionDigest add(final byte[] bytes)
    {
        add(bytes.length);
        digest.update(bytes);
        return this;
    }
}
