package dev.bourse.engine.command;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;

import java.util.Objects;
import java.util.Set;

/**
 * Registers an API key for an account. Only the key's SHA-256 travels through the journal and the engine; the clear
 * key is shown to its owner once, by whoever generated it. The key's id is the command's sequence number.
 *
 * @param accountId   the account the key acts for.
 * @param keyHash     SHA-256 of the clear key.
 * @param permissions what the key may do.
 */
public record IssueApiKey(long accountId, Sha256 keyHash, Set<Permission> permissions) implements Command
{
    /** Checks the references and freezes the permission set. */
    public IssueApiKey
    {
        Objects.requireNonNull(keyHash, "keyHash");
        permissions = Set.copyOf(permissions);
    }
}
