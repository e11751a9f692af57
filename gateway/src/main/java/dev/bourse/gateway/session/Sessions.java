package dev.bourse.gateway.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Every open session of every protocol, so that shutdown and key revocation can reach them. */
public final class Sessions
{
    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private final WakeUps wakeUps = new WakeUps();

    /** How sessions written to by the publisher thread get their event loops to drain them. */
    public WakeUps wakeUps()
    {
        return wakeUps;
    }

    /** A session opened. */
    public void add(final Session session)
    {
        open.add(session);
    }

    /** A session closed. */
    public void remove(final Session session)
    {
        open.remove(session);
    }

    /** Open sessions. */
    public int size()
    {
        return open.size();
    }

    /** Closes every session that authenticated with the key; safe from any thread. */
    public void keyRevoked(final long keyId)
    {
        for (final Session s : open)
        {
            if (s.keyId() == keyId)
            {
                s.keyRevoked();
            }
        }
    }

    /** Closes every session with 1001. */
    public void goAway()
    {
        open.forEach(Session::goAway);
    }

    /** Waits up to the time given for every session to close; returns whether they all did. */
    public boolean awaitClosed(final long millis) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!open.isEmpty())
        {
            if (System.nanoTime() >= deadline)
            {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
