package dev.bourse.server;

import dev.bourse.server.cli.Cli;

/** The {@code bourse} command: {@code demo}, {@code serve}, {@code admin} and {@code repair}. */
public final class Main
{
    private Main()
    {
    }

    /** Runs the command line and exits with its status. */
    public static void main(final String[] args)
    {
        System.exit(Cli.run(args));
    }
}
