package dev.bourse.server.config;

import dev.bourse.engine.command.CreateAsset;

import java.util.Objects;

/**
 * An asset as configured: listed under {@code assets:} or derived from the instruments that trade it.
 *
 * @param code  the asset code, e.g. {@code USD}: 1 to 16 characters A-Z and 0-9.
 * @param scale decimal places of every balance in this asset, 0 to 18.
 */
public record AssetSpec(String code, int scale)
{
    /** Checks that the code is present. */
    public AssetSpec
    {
        Objects.requireNonNull(code, "code");
    }

    /** The engine command that registers this asset. */
    public CreateAsset toCommand()
    {
        return new CreateAsset(code, scale);
    }
}
