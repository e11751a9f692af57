package dev.bourse.journal.codec;

/** Bytes that are not a command of the journal's format; the message states what is wrong as key=value facts. */
public final class CommandFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** A format error. */
    public CommandFormatException(final String message)
    {
        super(message);
    }
}
