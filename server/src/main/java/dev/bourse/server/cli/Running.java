package dev.bourse.server.cli;

import dev.bourse.server.BourseServer;
import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/** Keeps a started server running until SIGTERM or Ctrl-C, then shuts it down in order and exits with 0. */
final class Running
{
    private Running()
    {
    }

    static int untilSignalled(final BourseServer server) throws Exception
    {
        final CountDownLatch stop = new CountDownLatch(1);
        // Handled here rather than by a shutdown hook, so that an orderly stop ends with status 0, not 143.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        stop.await();
        server.close();
        return 0;
    }
}
