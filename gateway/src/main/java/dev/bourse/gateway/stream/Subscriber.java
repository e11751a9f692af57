package dev.bourse.gateway.stream;

/** Somebody who receives a topic's frames. Called under the topic's lock, so it must never block. */
public interface Subscriber
{
    /** Hands over one frame; its bytes are shared with every other subscriber and must not be changed. */
    void deliver(Frame frame);
}
