package dev.bourse.journal.codec;

/**
 * Bytes that are not a command this code can read, or a command that cannot be encoded. The message states what is
 * wrong as key=value facts, e.g. "truncated command: needed=8, remaining=3, field=price".
 */
public final class CommandFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** An error described as key=value facts. */
    public CommandFormatException(final String message)
    {
        super(message);
    }

    /** An error described as key=value facts, with the error that revealed it. */
    public CommandFormatException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
