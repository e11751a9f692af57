package dev.bourse.engine.idempotency;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Remembers (account, key) with the command's fingerprint and result until the key expires. Expiry follows the
 * commands' timestamps, never a clock, so that replay forgets exactly what the first run forgot. Keys are kept in the
 * order they were first used, which is also the order they expire in.
 */
public final class IdempotencyStore
{
    /** How long a key is remembered: 24 hours of engine time. */
    public static final long RETENTION_NANOS = 24L * 60 * 60 * 1_000_000_000L;

    private final Long2ObjectOpenHashMap<Object2ObjectOpenHashMap<String, IdempotencyEntry>> byAccount =
        new Long2ObjectOpenHashMap<>();
    private final ArrayDeque<IdempotencyEntry> byAge = new ArrayDeque<>();
    private final ArrayDeque<IdempotencyEntry> free = new ArrayDeque<>();

    /** Forgets every key that expired at or before {@code nowNanos}. */
    public void expire(final long nowNanos)
    {
        IdempotencyEntry oldest;
        while (null != (oldest = byAge.peekFirst()) && oldest.expiresAtNanos <= nowNanos)
        {
            byAge.pollFirst();
            byAccount.get(oldest.accountId).remove(oldest.key);
            oldest.key = null;
            free.push(oldest);
        }
    }

    /** The remembered entry, or null. */
    public IdempotencyEntry find(final long accountId, final String key)
    {
        final Object2ObjectOpenHashMap<String, IdempotencyEntry> keys = byAccount.get(accountId);
        return null == keys ? null : keys.get(key);
    }

    /** Remembers a new key; the caller fills in the result on the returned entry. */
    public IdempotencyEntry remember(
        final long accountId, final String key, final long fingerprint, final long nowNanos)
    {
        return restore(accountId, key, fingerprint, nowNanos + RETENTION_NANOS);
    }

    /** Adds an entry read from a snapshot, after every entry that expires earlier. */
    public IdempotencyEntry restore(
        final long accountId, final String key, final long fingerprint, final long expiresAtNanos)
    {
        final IdempotencyEntry entry = free.isEmpty() ? new IdempotencyEntry() : free.pop();
        entry.accountId = accountId;
        entry.key = key;
        entry.fingerprint = fingerprint;
        entry.expiresAtNanos = expiresAtNanos;
        Object2ObjectOpenHashMap<String, IdempotencyEntry> keys = byAccount.get(accountId);
        if (null == keys)
        {
            keys = new Object2ObjectOpenHashMap<>();
            byAccount.put(accountId, keys);
        }
        keys.put(key, entry);
        byAge.addLast(entry);
        return entry;
    }

    /** Number of keys remembered. */
    public int size()
    {
        return byAge.size();
    }

    /** The entries, oldest first. */
    public Iterator<IdempotencyEntry> oldestFirst()
    {
        return byAge.iterator();
    }
}
