package dev.bourse.engine.command;

import dev.bourse.engine.order.CancelReason;

/**
 * Cancels every open order of the account, or those on one instrument.
 *
 * @param accountId      the account.
 * @param symbol         the instrument id, or null for all instruments.
 * @param reason         {@code MASS_CANCEL}, or {@code DISCONNECT} when a gateway cancels for a closed connection.
 * @param idempotencyKey the client's retry key, or null.
 */
public record MassCancel(long accountId, String symbol, CancelReason reason, String idempotencyKey)
    implements AccountCommand
{
    private static final int TYPE = 11;

    /** Checks that the reason is one a mass cancel can carry. */
    public MassCancel
    {
        if (reason != CancelReason.MASS_CANCEL && reason != CancelReason.DISCONNECT)
        {
            throw new IllegalArgumentException("a mass cancel is for MASS_CANCEL or DISCONNECT, got reason=" + reason);
        }
    }

    @Override
    public long fingerprint()
    {
        return new Fingerprint(TYPE).add(accountId).add(symbol).add(reason).value();
    }
}
