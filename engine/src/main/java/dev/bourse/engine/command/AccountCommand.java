package dev.bourse.engine.command;

/**
 * A command on behalf of one account that may carry an idempotency key. The engine remembers (account, key) with the
 * command's fingerprint and result for 24 hours of engine time.
 */
public sealed interface AccountCommand extends Command
    permits Deposit, Withdraw, PlaceOrder, CancelOrder, MassCancel, ReplaceOrder, AmendOrder
{
    /** The account acting. */
    long accountId();

    /** The client's key for retries, or null when the command is not idempotent. */
    String idempotencyKey();

    /** A digest of every field but the key: equal for a retry, different for another intent. */
    long fingerprint();
}
