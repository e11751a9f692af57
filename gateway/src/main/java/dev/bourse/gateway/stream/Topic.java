package dev.bourse.gateway.stream;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * One exact topic: its sequence numbers, the ring of its latest frames for resume, and its subscribers. The thread
 * delivering the journal's batches publishes; connections subscribe from their event loops. One lock orders both, so
 * a subscriber gets every frame after the point it joined at, exactly once.
 */
public class Topic
{
    private final String name;
    private final int ringCapacity;
    private final ArrayDeque<Frame> ring = new ArrayDeque<>();
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();
    private long seq;

    /** A topic keeping its latest {@code ringCapacity} frames. */
    public Topic(final String name, final int ringCapacity)
    {
        this.name = name;
        this.ringCapacity = ringCapacity;
    }

    /** The exact topic name as clients see it. */
    public String name()
    {
        return name;
    }

    /** The sequence number of the last frame published, 0 before the first. */
    public synchronized long seq()
    {
        return seq;
    }

    /** Encodes the next frame with its sequence number, keeps it for resume and hands it to every subscriber. */
    public synchronized void publish(final LongFunction<byte[]> encoder)
    {
        final long next = seq + 1;
        append(new Frame(next, encoder.apply(next)));
    }

    /** Publishes the frame made for the next sequence number, as {@link #publish} does. */
    public synchronized void publishFrame(final LongFunction<? extends Frame> maker)
    {
        append(maker.apply(seq + 1));
    }

    // Under the lock: the frame of the next sequence number, made without changing anything if making it threw.
    private void append(final Frame frame)
    {
        seq = frame.seq();
        ring.addLast(frame);
        if (ring.size() > ringCapacity)
        {
            ring.removeFirst();
        }
        for (final Subscriber s : subscribers)
        {
            s.deliver(frame);
        }
    }

    /** Adds the subscriber (again is a no-op); from now on it gets every frame published. */
    public synchronized void subscribe(final Subscriber subscriber)
    {
        subscribers.add(subscriber);
    }

    /**
     * Adds the subscriber and returns every frame after {@code afterSeq}, or null when the ring no longer holds
     * them all (the subscriber is then added all the same).
     */
    public synchronized List<Frame> subscribeAfter(final Subscriber subscriber, final long afterSeq)
    {
        subscribers.add(subscriber);
        return framesAfter(afterSeq);
    }

    /** Every frame after {@code afterSeq}, in order, or null when the ring no longer holds them all. */
    public synchronized List<Frame> framesAfter(final long afterSeq)
    {
        if (afterSeq > seq)
        {
            return null;
        }
        final long oldest = ring.isEmpty() ? seq + 1 : ring.peekFirst().seq();
        if (afterSeq + 1 < oldest)
        {
            return null;
        }
        final List<Frame> missed = new ArrayList<>();
        for (final Frame f : ring)
        {
            if (f.seq() > afterSeq)
            {
                missed.add(f);
            }
        }
        return missed;
    }

    /** Removes the subscriber; returns whether it was there. */
    public synchronized boolean unsubscribe(final Subscriber subscriber)
    {
        return subscribers.remove(subscriber);
    }

    /** Writes the sequence number and the ring, for a snapshot. */
    public void writeState(final DataOutput out) throws IOException
    {
        write(out, capture());
    }

    /** The sequence number and the ring as they are now, for {@link #write} to write later, on any thread. */
    public synchronized Captured capture()
    {
        return new Captured(seq, ring.toArray(new Frame[0]));
    }

    /** Writes what {@link #writeState} would have written when {@code captured} was taken; frames never change. */
    public void write(final DataOutput out, final Captured captured) throws IOException
    {
        out.writeLong(captured.seq());
        out.writeInt(captured.frames().length);
        for (final Frame f : captured.frames())
        {
            out.writeLong(f.seq());
            writeFrame(out, f);
        }
    }

    /** A topic's sequence number and ring at one moment. */
    public record Captured(long seq, Frame[] frames)
    {
    }

    /** Replaces the sequence number and the ring with what {@link #writeState} wrote. */
    public void readState(final DataInput in) throws IOException
    {
        readState(in, this::readFrame);
    }

    /** The same, reading each frame with {@code reader}: for a snapshot that wrote frames another way. */
    public synchronized void readState(final DataInput in, final FrameReader reader) throws IOException
    {
        seq = in.readLong();
        ring.clear();
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            ring.addLast(reader.read(in, in.readLong()));
        }
    }

    /** Writes one frame of the ring, after its sequence number: its bytes, unless a topic keeps frames otherwise. */
    protected void writeFrame(final DataOutput out, final Frame frame) throws IOException
    {
        writeEncoded(out, frame);
    }

    /** Reads one frame {@link #writeFrame} wrote. */
    protected Frame readFrame(final DataInput in, final long frameSeq) throws IOException
    {
        return readEncoded(in, frameSeq);
    }

    /** Writes a frame as its bytes. */
    public static void writeEncoded(final DataOutput out, final Frame frame) throws IOException
    {
        final byte[] bytes = frame.bytes();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads a frame {@link #writeEncoded} wrote. */
    public static Frame readEncoded(final DataInput in, final long frameSeq) throws IOException
    {
        final byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new Frame(frameSeq, bytes);
    }

    /** Reads one frame of a ring, given its sequence number. */
    @FunctionalInterface
    public interface FrameReader
    {
        /** The frame that follows in {@code in}. */
        Frame read(DataInput in, long frameSeq) throws IOException;
    }
}
