package dev.bourse.engine.command;

import java.util.Objects;

/**
 * Registers an asset and the scale of its balances.
 *
 * @param code  the asset code, e.g. {@code USD}: 1 to 16 characters A-Z and 0-9.
 * @param scale decimal places of every balance in this asset, 0 to 18.
 */
public record CreateAsset(String code, int scale) implements Command
{
    /** Checks that the code is present. */
    public CreateAsset
    {
        Objects.requireNonNull(code, "code");
    }
}
