package dev.bourse.gateway.stream;

/**
 * One message of a topic with its sequence number in the topic. Its bytes are shared by every subscriber and never
 * change. A frame is either encoded when published, or made from what it holds the first time somebody reads it:
 * most frames of a busy venue are kept for resume and never read, and encoding them all was much of the work of
 * publishing events.
 */
public class Frame
{
    private final long seq;
    private volatile byte[] bytes;

    /** A frame encoded already. */
    public Frame(final long seq, final byte[] bytes)
    {
        this.seq = seq;
        this.bytes = bytes;
    }

    /** A frame encoded by {@link #encode} on first use. */
    protected Frame(final long seq)
    {
        this.seq = seq;
    }

    /** Its sequence number in the topic. */
    public final long seq()
    {
        return seq;
    }

    /** The encoded message; any thread. */
    public final byte[] bytes()
    {
        byte[] b = bytes;
        if (null == b)
        {
            // Two threads may both encode it; they make equal bytes, and either copy is kept.
            b = encode();
            bytes = b;
        }
        return b;
    }

    /** Encodes the message of a frame made without bytes; from any thread, so only from what is immutable. */
    protected byte[] encode()
    {
        throw new IllegalStateException("a frame made without bytes must encode itself");
    }
}
