package dev.bourse.engine.instrument;

/**
 * A registered asset.
 *
 * @param id    dense id, in order of registration.
 * @param code  the asset code, e.g. {@code NGN}.
 * @param scale decimal places of balances in this asset.
 */
public record Asset(int id, String code, int scale)
{
}
