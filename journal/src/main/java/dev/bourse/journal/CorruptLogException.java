package dev.bourse.journal;

import java.nio.file.Path;

/** The log is damaged at a known place before its tail; {@link JournalRepair} can cut it there, on request only. */
public final class CorruptLogException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final long lastGoodSequence;

    /**
     * A damaged record.
     *
     * @param message          the facts, file and offset included.
     * @param file             the segment holding the damage.
     * @param offset           where the damaged record starts.
     * @param lastGoodSequence the last record before it that passed every check.
     */
    public CorruptLogException(final String message, final Path file, final long offset, final long lastGoodSequence)
    {
        super(message);
        this.file = file;
        this.offset = offset;
        this.lastGoodSequence = lastGoodSequence;
    }

    /** The segment holding the damage. */
    public Path file()
    {
        return file;
    }

    /** Where the damaged record starts in that segment. */
    public long offset()
    {
        return offset;
    }

    /** The last record before the damage that passed every check. */
    public long lastGoodSequence()
    {
        return lastGoodSequence;
    }
}
