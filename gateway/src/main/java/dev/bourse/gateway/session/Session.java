package dev.bourse.gateway.session;

/** A live client connection that the venue may close: at shutdown, or when the key it opened with is revoked. */
public interface Session
{
    /** The id of the API key the connection authenticated with, or 0 for a public connection. */
    long keyId();

    /** Sends what is queued, then closes with 1001: the server is going away. */
    void goAway();

    /** Tells the client its key was revoked and closes the connection with 1008. */
    void keyRevoked();
}
