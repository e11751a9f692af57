package dev.bourse.gateway.auth;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API keys the engine has issued, by SHA-256 of the clear key, kept from the engine's events so that event loops
 * can authenticate without touching engine state. The clear key is hashed at once and never stored or logged.
 */
public final class ApiKeys
{
    private final Map<Sha256, Principal> byHash = new ConcurrentHashMap<>();

    /** Who a key stands for, or null when the key is unknown or revoked. */
    public Principal authenticate(final String clearKey)
    {
        return null == clearKey || clearKey.isEmpty() ? null : byHash.get(Sha256.of(clearKey));
    }

    /** A key was issued (publisher thread). */
    public void issued(final long keyId, final long accountId, final Sha256 hash, final Set<Permission> permissions)
    {
        byHash.put(hash, new Principal(keyId, accountId, Set.copyOf(permissions)));
    }

    /** A key was revoked (publisher thread). */
    public void revoked(final long keyId)
    {
        byHash.values().removeIf(p -> p.keyId() == keyId);
    }

    /** Every key, for a snapshot. */
    public Map<Sha256, Principal> all()
    {
        return Map.copyOf(byHash);
    }

    /** Forgets every key, before a snapshot is read back. */
    public void clear()
    {
        byHash.clear();
    }

    /** An authenticated caller: the key's id, its account and what it may do. */
    public record Principal(long keyId, long accountId, Set<Permission> permissions)
    {
        /** Whether the key carries the permission. */
        public boolean may(final Permission permission)
        {
            return permissions.contains(permission);
        }
    }
}
