package dev.bourse.engine.account;

import java.util.Set;

/**
 * An API key as the engine knows it: the hash of the key, never the key.
 *
 * @param keyId       the sequence number of the command that issued it.
 * @param accountId   the account it acts for.
 * @param keyHash     SHA-256 of the clear key.
 * @param permissions what it may do.
 * @param revoked     whether it was revoked; a revoked key's hash stays reserved.
 */
public record ApiKey(long keyId, long accountId, Sha256 keyHash, Set<Permission> permissions, boolean revoked)
{
}
