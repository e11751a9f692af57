package dev.bourse.journal;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The log is damaged at a known place before its tail: a record that fails its checks, or a segment whose header is
 * damaged or does not continue the log (a gap, another epoch). {@link JournalRepair} can cut it there, on request
 * only.
 */
public final class CorruptLogException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final long lastGoodSequence;
    private final UUID epoch;

    /**
     * The damage found.
     *
     * @param message          the facts, file and offset included.
     * @param file             the segment holding the damage.
     * @param offset           where the damaged record starts, or 0 when the segment's header is at fault.
     * @param lastGoodSequence the last record before it that passed every check.
     * @param epoch            the epoch of the log before the damage, or null when the damage is in its first header.
     */
    public CorruptLogException(
        final String message, final Path file, final long offset, final long lastGoodSequence, final UUID epoch)
    {
        super(message);
        this.file = file;
        this.offset = offset;
        this.lastGoodSequence = lastGoodSequence;
        this.epoch = epoch;
    }

    /** The segment holding the damage. */
    public Path file()
    {
        return file;
    }

    /** Where the damaged record starts in that segment, or 0 when its header is at fault. */
    public long offset()
    {
        return offset;
    }

    /** The last record before the damage that passed every check. */
    public long lastGoodSequence()
    {
        return lastGoodSequence;
    }

    /** The epoch of the log before the damage, what a cut there keeps; null when the damage is in its first header. */
    public UUID epoch()
    {
        return epoch;
    }
}
