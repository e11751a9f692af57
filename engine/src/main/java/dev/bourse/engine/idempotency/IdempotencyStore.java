package dev.bourse.engine.idempotency;

import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.order.OrderStatus;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Remembers (account, key) with the command's fingerprint and result until the key expires. Expiry follows the
 * commands' timestamps, never a clock, so that replay forgets exactly what the first run forgot. Keys are kept in the
 * order they were first used, which is also the order they expire in.
 *
 * <p>Every command with a key leaves an entry here for a day, so the entries are not objects: they live in a ring of
 * longs, their keys in a ring of bytes, and an open-addressing table of ints finds them. A collector never copies
 * them one by one, which it did, once or several times each, for the objects this store used to keep per command.
 */
public final class IdempotencyStore
{
    /** How long a key is remembered: 24 hours of engine time. */
    public static final long RETENTION_NANOS = 24L * 60 * 60 * 1_000_000_000L;

    // An entry's fields, each one long of the ring.
    static final int ACCOUNT = 0;
    static final int FINGERPRINT = 1;
    static final int EXPIRES_AT = 2;
    static final int ORDER_ID = 3;
    static final int NEW_ORDER_ID = 4;
    static final int KEY_START = 5;
    // The key's hash in the high half, its length in chars and whether it takes two bytes a char in the low half.
    static final int KEY_SHAPE = 6;
    // Outcome ordinal, reject reason ordinal + 1, order status ordinal + 1: 0 for a null reason or status.
    static final int RESULT = 7;
    private static final int STRIDE = 8;
    private static final int INITIAL_CAPACITY = 64;
    private static final int MAX_CAPACITY = 1 << 27;

    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final OrderStatus[] STATUSES = OrderStatus.values();

    long[] entries = new long[INITIAL_CAPACITY * STRIDE];
    private int mask = INITIAL_CAPACITY - 1;
    // Sequence of the oldest entry and of the next one; an entry's slot is its sequence masked.
    private long head;
    private long tail;
    // Slot + 1 of the entry whose hash leads there, 0 for none; twice the ring's capacity, so at most half full.
    private int[] index = new int[2 * INITIAL_CAPACITY];
    final KeyBytes keys = new KeyBytes();
    private final IdempotencyEntry found = new IdempotencyEntry(this);

    /** Forgets every key that expired at or before {@code nowNanos}. */
    public void expire(final long nowNanos)
    {
        while (head < tail && entries[field(slot(head), EXPIRES_AT)] <= nowNanos)
        {
            final int slot = slot(head);
            unindex(slot);
            keys.release(byteLength(entries[field(slot, KEY_SHAPE)]));
            head++;
        }
    }

    /** The remembered entry, or null; the entry is only valid until the store is next changed. */
    public IdempotencyEntry find(final long accountId, final String key)
    {
        final int hash = hash(accountId, key);
        final int indexMask = index.length - 1;
        for (int i = hash & indexMask; 0 != index[i]; i = (i + 1) & indexMask)
        {
            final int slot = index[i] - 1;
            final long shape = entries[field(slot, KEY_SHAPE)];
            if ((int)(shape >>> 32) == hash && entries[field(slot, ACCOUNT)] == accountId
                && keys.matches(entries[field(slot, KEY_START)], shape, key))
            {
                return found.at(slot);
            }
        }
        return null;
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
        if (tail - head == mask + 1)
        {
            grow();
        }
        final int slot = slot(tail);
        final int hash = hash(accountId, key);
        final boolean wide = KeyBytes.isWide(key);
        final long keyStart = keys.append(key, wide);
        tail++;
        entries[field(slot, ACCOUNT)] = accountId;
        entries[field(slot, FINGERPRINT)] = fingerprint;
        entries[field(slot, EXPIRES_AT)] = expiresAtNanos;
        entries[field(slot, ORDER_ID)] = 0;
        entries[field(slot, NEW_ORDER_ID)] = 0;
        entries[field(slot, KEY_START)] = keyStart;
        entries[field(slot, KEY_SHAPE)] = (long)hash << 32 | (long)key.length() << 1 | (wide ? 1 : 0);
        entries[field(slot, RESULT)] = 0;
        insert(hash, slot);
        return found.at(slot);
    }

    /** Number of keys remembered. */
    public int size()
    {
        return (int)(tail - head);
    }

    /** The entries, oldest first; each one is only valid until the next is asked for. */
    public Iterator<IdempotencyEntry> oldestFirst()
    {
        final IdempotencyEntry entry = new IdempotencyEntry(this);
        return new Iterator<>()
        {
            private long next = head;

            @Override
            public boolean hasNext()
            {
                return next < tail;
            }

            @Override
            public IdempotencyEntry next()
            {
                if (next >= tail)
                {
                    throw new NoSuchElementException();
                }
                return entry.at(slot(next++));
            }
        };
    }

    static int field(final int slot, final int field)
    {
        return slot * STRIDE + field;
    }

    static long packResult(
        final Outcome outcome, final RejectReason reason, final OrderStatus orderStatus)
    {
        return (long)outcome.ordinal() << 32 | (null == reason ? 0 : reason.ordinal() + 1) << 16
            | (null == orderStatus ? 0 : orderStatus.ordinal() + 1);
    }

    static Outcome outcome(final long result)
    {
        return OUTCOMES[(int)(result >>> 32)];
    }

    static RejectReason reason(final long result)
    {
        final int reason = (int)result >>> 16;
        return 0 == reason ? null : REASONS[reason - 1];
    }

    static OrderStatus orderStatus(final long result)
    {
        final int status = (int)result & 0xFFFF;
        return 0 == status ? null : STATUSES[status - 1];
    }

    static int length(final long shape)
    {
        return (int)shape >>> 1;
    }

    private static int byteLength(final long shape)
    {
        return length(shape) << ((int)shape & 1);
    }

    private int slot(final long sequence)
    {
        return (int)sequence & mask;
    }

    // Where a key lands depends on the account too, so one key used by many accounts spreads out.
    private static int hash(final long accountId, final String key)
    {
        long h = accountId * 0x9E3779B97F4A7C15L + key.hashCode();
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return (int)(h ^ (h >>> 31));
    }

    private void insert(final int hash, final int slot)
    {
        final int indexMask = index.length - 1;
        int i = hash & indexMask;
        while (0 != index[i])
        {
            i = (i + 1) & indexMask;
        }
        index[i] = slot + 1;
    }

    // Takes the slot out of the table and moves up the entries that probed past it, so no probe stops short.
    private void unindex(final int slot)
    {
        final int indexMask = index.length - 1;
        int hole = hashOf(slot) & indexMask;
        while (index[hole] != slot + 1)
        {
            hole = (hole + 1) & indexMask;
        }
        int i = hole;
        while (true)
        {
            i = (i + 1) & indexMask;
            if (0 == index[i])
            {
                index[hole] = 0;
                return;
            }
            final int home = hashOf(index[i] - 1) & indexMask;
            // An entry stays when its home lies cyclically after the hole and at or before where it is.
            final boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays)
            {
                index[hole] = index[i];
                hole = i;
            }
        }
    }

    private int hashOf(final int slot)
    {
        return (int)(entries[field(slot, KEY_SHAPE)] >>> 32);
    }

    // Amortised like any growing table: twice the room, every entry moved to its new slot and indexed again.
    private void grow()
    {
        final int capacity = mask + 1;
        if (capacity >= MAX_CAPACITY)
        {
            throw new IllegalStateException("idempotency store full: " + capacity + " keys");
        }
        final long[] old = entries;
        final int oldMask = mask;
        entries = new long[2 * capacity * STRIDE];
        mask = 2 * capacity - 1;
        index = new int[4 * capacity];
        for (long sequence = head; sequence < tail; sequence++)
        {
            final int from = (int)sequence & oldMask;
            final int to = slot(sequence);
            System.arraycopy(old, from * STRIDE, entries, to * STRIDE, STRIDE);
            insert(hashOf(to), to);
        }
    }
}
