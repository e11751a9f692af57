package dev.bourse.server.config;

/** A configuration file that cannot be used; the message names the offending key by its full path. */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * A problem with the configuration.
     *
     * @param message the key's path, a colon and the problem, e.g. {@code server.port: must be between 0 and 65535}.
     */
    public ConfigException(final String message)
    {
        super(message);
    }

    /**
     * A problem with the configuration caused by another exception.
     *
     * @param message what went wrong, naming the file or key.
     * @param cause   the underlying failure.
     */
    public ConfigException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
