package dev.bourse.engine.command;

/**
 * Revokes an API key; it can never be used again.
 *
 * @param keyId the id the key was issued with.
 */
public record RevokeApiKey(long keyId) implements Command
{
}
