package dev.bourse.journal;

/** A journal file cannot be trusted: corrupted, from another epoch, or not a journal at all. Never skipped silently. */
public class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** An error described as key=value facts, e.g. "bad crc: file=..., offset=...". */
    public JournalException(final String message)
    {
        super(message);
    }

    /** An error with its cause. */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
