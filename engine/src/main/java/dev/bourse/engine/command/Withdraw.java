package dev.bourse.engine.command;

import java.util.Objects;

/**
 * Debits an account's available balance; locked funds cannot be withdrawn.
 *
 * @param accountId      the account debited.
 * @param asset          the asset code.
 * @param amount         positive, in units of the asset's scale.
 * @param idempotencyKey the client's retry key, or null.
 */
public record Withdraw(long accountId, String asset, long amount, String idempotencyKey) implements AccountCommand
{
    private static final int TYPE = 6;

    /** Checks that the asset is present. */
    public Withdraw
    {
        Objects.requireNonNull(asset, "asset");
    }

    @Override
    public long fingerprint()
    {
        return new Fingerprint(TYPE).add(accountId).add(asset).add(amount).value();
    }
}
