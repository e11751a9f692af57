package dev.bourse.engine.command;

import java.util.Objects;

/**
 * Credits an account's available balance.
 *
 * @param accountId      the account credited.
 * @param asset          the asset code.
 * @param amount         positive, in units of the asset's scale.
 * @param idempotencyKey the client's retry key, or null.
 */
public record Deposit(long accountId, String asset, long amount, String idempotencyKey) implements AccountCommand
{
    private static final int TYPE = 5;

    /** Checks that the asset is present. */
    public Deposit
    {
        Objects.requireNonNull(asset, "asset");
    }

    @Override
    public long fingerprint()
    {
        return new Fingerprint(TYPE).add(accountId).add(asset).add(amount).value();
    }
}
