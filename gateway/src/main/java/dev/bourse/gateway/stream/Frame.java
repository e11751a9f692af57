package dev.bourse.gateway.stream;

/** One message of a topic, encoded once, with its sequence number in the topic. */
public record Frame(long seq, byte[] bytes)
{
}
