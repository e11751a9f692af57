package dev.bourse.gateway.stream;

/** Somebody who receives a topic's frames: a connection. Delivery must never block the caller. */
public interface Subscriber
{
    /** Hands over one encoded frame; the bytes are shared with every other subscriber and must not be changed. */
    void deliver(byte[] frame);
}
