package dev.bourse.engine.idempotency;

import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.hash.SipHash;
import dev.bourse.engine.order.OrderStatus;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store against a plain map: keys that share a hash code, keys of chars past 0xFF, long and one-char keys, many
 * accounts, growth while entries expire, and a copy rebuilt the way a snapshot rebuilds it. Re-run one stream with
 * {@code -Dbourse.seed=N}: the seed also gives the table's hash key, so the same stream lands in the same places.
 */
class IdempotencyStoreTest
{
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final OrderStatus[] STATUSES = OrderStatus.values();

    @Test
    void shouldFindWhatAPlainMapFindsThroughGrowthExpiryAndRestore()
    {
        final long seed = Long.getLong("bourse.seed", System.nanoTime());
        try
        {
            run(seed);
        }
        catch (final AssertionError | RuntimeException e)
        {
            throw new AssertionError("idempotency store test failed; re-run with -Dbourse.seed=" + seed, e);
        }
    }

    @Test
    void shouldTellKeysApartThatShareAHashCodeAndKeepWideChars()
    {
        final SipHash sipHash = new SipHash(1, 2);
        final IdempotencyStore store = new IdempotencyStore(sipHash);
        final String[] sameInTable = sameTableHash(sipHash, 1);
        store.remember(1, sameInTable[0], 55, 0).result(Outcome.ACCEPTED, null, 6, 0, OrderStatus.ACCEPTED);
        store.remember(1, "", 10, 0).result(Outcome.ACCEPTED, null, 4, 0, OrderStatus.ACCEPTED);
        store.remember(1, "Aa", 11, 0).result(Outcome.ACCEPTED, null, 5, 0, OrderStatus.ACCEPTED);
        store.remember(1, "BB", 22, 0).result(Outcome.REJECTED, RejectReason.IDEMPOTENCY_CONFLICT, 0, 0, null);
        store.remember(2, "Aa", 33, 0).result(Outcome.ACCEPTED, null, 7, 8, OrderStatus.FILLED);
        store.remember(1, "\u20ac\u00ff\uffff", 44, 0).result(Outcome.ACCEPTED, null, 9, 0, OrderStatus.CANCELLED);

        assertThat(store.find(1, "").fingerprint()).isEqualTo(10);
        assertThat(store.find(2, "")).isNull();
        assertThat(store.find(1, "Aa").fingerprint()).isEqualTo(11);
        assertThat(store.find(1, "BB").reason()).isEqualTo(RejectReason.IDEMPOTENCY_CONFLICT);
        assertThat(store.find(1, "BB").orderStatus()).isNull();
        assertThat(store.find(2, "Aa").newOrderId()).isEqualTo(8);
        assertThat(store.find(2, "BB")).isNull();
        assertThat(store.find(1, "\u20ac\u00ff\uffff").orderStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(store.find(1, "\u20ac\u00ff\ufffe")).isNull();
        assertThat(store.find(1, "\u00ac\u00ff\u00ff")).isNull();
        assertThat(store.find(1, sameInTable[0]).fingerprint()).isEqualTo(55);
        assertThat(store.find(1, sameInTable[1])).isNull();
        final List<String> keys = new ArrayList<>();
        store.oldestFirst().forEachRemaining(e -> keys.add(e.key()));
        assertThat(keys).containsExactly(sameInTable[0], "", "Aa", "BB", "Aa", "\u20ac\u00ff\uffff");
    }

    // Two keys the store hashes alike for this account, found by the birthday bound: 2^17 keys share a 32-bit hash
    // about twice.
    private static String[] sameTableHash(final SipHash sipHash, final long accountId)
    {
        final Int2ObjectOpenHashMap<String> seen = new Int2ObjectOpenHashMap<>();
        for (int i = 0; ; i++)
        {
            final String key = "k" + i;
            final String earlier = seen.put((int)sipHash.hash(accountId, key), key);
            if (null != earlier)
            {
                return new String[] {earlier, key};
            }
        }
    }

    @Test
    void shouldForgetAKeyOnlyOnceItsDayHasPassed()
    {
        final IdempotencyStore store = new IdempotencyStore();
        store.remember(1, "k", 1, 100).result(Outcome.ACCEPTED, null, 1, 0, OrderStatus.ACCEPTED);

        store.expire(100 + IdempotencyStore.RETENTION_NANOS - 1);
        assertThat(store.find(1, "k")).isNotNull();
        store.expire(100 + IdempotencyStore.RETENTION_NANOS);
        assertThat(store.find(1, "k")).isNull();
        assertThat(store.size()).isZero();
    }

    private static void run(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final IdempotencyStore store = new IdempotencyStore(new SipHash(seed, ~seed));
        final Map<String, long[]> model = new LinkedHashMap<>();
        final List<String> used = new ArrayList<>();
        long now = 0;
        int peak = 0;
        for (int step = 0; step < 200_000; step++)
        {
            // Keys pile up, then time jumps to where all but the newest 5,000 have expired: the rings go on past
            // their ends, wrap round, and then grow with their entries wrapped round.
            now += random.nextLong(IdempotencyStore.RETENTION_NANOS / 1_000_000);
            if (step % 70_000 == 30_000)
            {
                now = Math.max(now, model.values().stream().skip(model.size() - 5_000).findFirst().orElseThrow()[2]);
            }
            store.expire(now);
            // Kept in the order remembered, which is the order of expiry.
            for (final Iterator<long[]> it = model.values().iterator(); it.hasNext() && it.next()[2] <= now; )
            {
                it.remove();
            }
            final long account = random.nextInt(1, 6);
            final String key = random.nextInt(4) == 0 && !used.isEmpty()
                ? used.get(random.nextInt(used.size())).substring(1)
                : key(random);
            final String modelKey = account + "/" + key;
            final IdempotencyEntry found = store.find(account, key);
            final long[] expected = model.get(modelKey);
            if (null == expected)
            {
                assertThat(found).as("found %s", modelKey).isNull();
                final long fingerprint = random.nextLong();
                final long[] values = {account, fingerprint, now + IdempotencyStore.RETENTION_NANOS,
                    random.nextLong(), random.nextLong(), random.nextInt(2), random.nextInt(REASONS.length + 1),
                    random.nextInt(STATUSES.length + 1)};
                store.remember(account, key, fingerprint, now).result(Outcome.values()[(int)values[5]],
                    0 == values[6] ? null : REASONS[(int)values[6] - 1], values[3], values[4],
                    0 == values[7] ? null : STATUSES[(int)values[7] - 1]);
                model.put(modelKey, values);
                used.add(account + key);
            }
            else
            {
                assertThat(found).as("lost %s", modelKey).isNotNull();
                assertSame(found, expected, key);
            }
            assertThat(store.size()).isEqualTo(model.size());
            peak = Math.max(peak, model.size());
            if (step % 50_000 == 0)
            {
                assertRestoredCopyAgrees(store, model, seed);
            }
        }
        assertThat(peak).as("grew past its first capacities").isGreaterThan(50_000);
        assertRestoredCopyAgrees(store, model, seed);
    }

    // A store rebuilt entry by entry, oldest first, as a snapshot is read, holds the same entries in the same order,
    // though it hashes under another key, as a restarted process does (one from the seed, so a failure replays).
    private static void assertRestoredCopyAgrees(
        final IdempotencyStore store, final Map<String, long[]> model, final long seed)
    {
        final IdempotencyStore copy = new IdempotencyStore(new SipHash(~seed, seed));
        final Iterator<long[]> expected = model.values().iterator();
        for (final Iterator<IdempotencyEntry> it = store.oldestFirst(); it.hasNext(); )
        {
            final IdempotencyEntry e = it.next();
            assertSame(e, expected.next(), e.key());
            copy.restore(e.accountId(), e.key(), e.fingerprint(), e.expiresAtNanos())
                .result(e.outcome(), e.reason(), e.orderId(), e.newOrderId(), e.orderStatus());
        }
        assertThat(expected.hasNext()).isFalse();
        for (final Map.Entry<String, long[]> m : model.entrySet())
        {
            final String key = m.getKey().substring(m.getKey().indexOf('/') + 1);
            assertSame(copy.find(m.getValue()[0], key), m.getValue(), key);
        }
    }

    private static void assertSame(final IdempotencyEntry entry, final long[] expected, final String key)
    {
        assertThat(entry.accountId()).isEqualTo(expected[0]);
        assertThat(entry.key()).isEqualTo(key);
        assertThat(entry.fingerprint()).isEqualTo(expected[1]);
        assertThat(entry.expiresAtNanos()).isEqualTo(expected[2]);
        assertThat(entry.orderId()).isEqualTo(expected[3]);
        assertThat(entry.newOrderId()).isEqualTo(expected[4]);
        assertThat(entry.outcome().ordinal()).isEqualTo(expected[5]);
        assertThat(null == entry.reason() ? 0 : entry.reason().ordinal() + 1).isEqualTo(expected[6]);
        assertThat(null == entry.orderStatus() ? 0 : entry.orderStatus().ordinal() + 1).isEqualTo(expected[7]);
    }

    // Short keys from a small alphabet collide on their hash codes ("Aa" and "BB"); some are empty, wide or long.
    private static String key(final SplittableRandom random)
    {
        final int length = switch (random.nextInt(4))
        {
            case 0 -> random.nextInt(0, 3);
            case 1 -> random.nextInt(2_000) == 0 ? 70_000 : 36;
            default -> random.nextInt(1, 65);
        };
        final StringBuilder key = new StringBuilder(length);
        final boolean wide = random.nextInt(10) == 0;
        for (int i = 0; i < length; i++)
        {
            key.append(wide ? (char)random.nextInt(0x100, 0x10000) : (char)random.nextInt('A', 'D'));
        }
        return key.toString();
    }
}
