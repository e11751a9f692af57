package dev.bourse.engine.idempotency;

import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.hash.SipHash;
import dev.bourse.engine.order.OrderStatus;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Remembers (account, key) with the command's fingerprint and result until the key expires. Expiry follows the
 * commands' timestamps, never a clock, so that replay forgets exactly what the first run forgot. Keys are kept in the
 * order they were first used, which is also the order they expire in.
 *
 * <p>Every command with a key leaves an entry here for a day, so the entries are not objects: they live in a ring of
 * chunks of longs, their keys in a ring of bytes, and an open-addressing table of ints finds them. A collector never
 * copies them one by one, which it did, once or several times each, for the objects this store used to keep per
 * command. Clients choose the keys, so the table hashes them with this process's {@link SipHash}.
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
    // Entries come in chunks of 256 KiB, small enough to be ordinary objects to the collector, and the ring grows by
    // moving chunk references, never entries. 2^29 entries keep every slot + 1 and the table's size within an int.
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK_ENTRIES = 1 << CHUNK_BITS;
    private static final int MAX_CAPACITY = 1 << 29;

    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final OrderStatus[] STATUSES = OrderStatus.values();

    // Chunk c of sequences sits at c masked; the entries live at any time span at most chunks.length chunks, so no
    // two share a place (see restore).
    private long[][] chunks = new long[2][];
    private int mask = 2 * CHUNK_ENTRIES - 1;
    // Sequence of the oldest entry and of the next one; an entry's slot is its sequence masked.
    private long head;
    private long tail;
    // Slot + 1 of the entry whose hash leads there, 0 for none; twice the ring's capacity, so at most half full.
    private int[] index = new int[4 * CHUNK_ENTRIES];
    final KeyBytes keys = new KeyBytes();
    private final IdempotencyEntry found = new IdempotencyEntry(this);
    private final SipHash sipHash;
    // The last key hashed: a new command's key is looked up and then remembered, and one hash serves both.
    private String hashedKey;
    private long hashedAccount;
    private int hashedValue;

    /** An empty store, hashing with this process's key. */
    public IdempotencyStore()
    {
        this(SipHash.PROCESS);
    }

    IdempotencyStore(final SipHash sipHash)
    {
        this.sipHash = sipHash;
    }

    /** Forgets every key that expired at or before {@code nowNanos}. */
    public void expire(final long nowNanos)
    {
        while (head < tail && get(slot(head), EXPIRES_AT) <= nowNanos)
        {
            final int slot = slot(head);
            unindex(slot);
            keys.release(byteLength(get(slot, KEY_SHAPE)));
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
            final long shape = get(slot, KEY_SHAPE);
            if ((int)(shape >>> 32) == hash && get(slot, ACCOUNT) == accountId
                && keys.matches(get(slot, KEY_START), shape, key))
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
        // One chunk short of full: any (chunks - 1) x CHUNK_ENTRIES entries in a row touch at most chunks chunks.
        if (tail - head == mask + 1 - CHUNK_ENTRIES)
        {
            grow();
        }
        final int slot = slot(tail);
        final int hash = hash(accountId, key);
        final boolean wide = KeyBytes.isWide(key);
        final long keyStart = keys.append(key, wide);
        tail++;
        set(slot, ACCOUNT, accountId);
        set(slot, FINGERPRINT, fingerprint);
        set(slot, EXPIRES_AT, expiresAtNanos);
        set(slot, ORDER_ID, 0);
        set(slot, NEW_ORDER_ID, 0);
        set(slot, KEY_START, keyStart);
        set(slot, KEY_SHAPE, (long)hash << 32 | (long)key.length() << 1 | (wide ? 1 : 0));
        set(slot, RESULT, 0);
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

    long get(final int slot, final int field)
    {
        return chunks[slot >>> CHUNK_BITS][(slot & (CHUNK_ENTRIES - 1)) * STRIDE + field];
    }

    void set(final int slot, final int field, final long value)
    {
        long[] chunk = chunks[slot >>> CHUNK_BITS];
        if (null == chunk)
        {
            chunk = new long[CHUNK_ENTRIES * STRIDE];
            chunks[slot >>> CHUNK_BITS] = chunk;
        }
        chunk[(slot & (CHUNK_ENTRIES - 1)) * STRIDE + field] = value;
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
    private int hash(final long accountId, final String key)
    {
        if (key != hashedKey || accountId != hashedAccount)
        {
            hashedValue = (int)sipHash.hash(accountId, key);
            hashedKey = key;
            hashedAccount = accountId;
        }
        return hashedValue;
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
        return (int)(get(slot, KEY_SHAPE) >>> 32);
    }

    // Twice the room: the chunks in use move to their places under the new mask, and every entry is indexed again at
    // its new slot. The new arrays are made before anything changes.
    private void grow()
    {
        final int capacity = mask + 1;
        if (capacity >= MAX_CAPACITY)
        {
            throw new IllegalStateException("idempotency store full: " + capacity + " keys");
        }
        final long[][] moved = new long[2 * chunks.length][];
        final int[] reindexed = new int[4 * capacity];
        chunks = Chunks.moved(chunks, moved, head, tail, CHUNK_BITS);
        mask = 2 * capacity - 1;
        index = reindexed;
        for (long sequence = head; sequence < tail; sequence++)
        {
            final int slot = slot(sequence);
            insert(hashOf(slot), slot);
        }
    }
}
