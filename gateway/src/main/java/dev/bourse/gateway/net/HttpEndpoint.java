package dev.bourse.gateway.net;

/** A read-only page served with GET on the public port beside the protocols, e.g. {@code /metrics}. */
@FunctionalInterface
public interface HttpEndpoint
{
    /** The page now. */
    Page render();

    /** A body and its content type. */
    record Page(String contentType, byte[] body)
    {
    }
}
