package dev.bourse.server.cli;

import dev.bourse.journal.CorruptLogException;
import dev.bourse.server.BourseServer;
import dev.bourse.server.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: parses, runs the subcommand, and turns failures into one clear line and a status. */
@Command(name = "bourse", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
    description = "A self-hosted exchange.",
    subcommands = {DemoCommand.class, ServeCommand.class, AdminCommand.class, RepairCommand.class})
public final class Cli implements Runnable
{
    /** Exit status of a bad configuration or command line. */
    public static final int USAGE = 2;

    @Override
    public void run()
    {
        new CommandLine(this).usage(System.err);
    }

    /** Runs the arguments and returns the exit status. */
    public static int run(final String[] args)
    {
        final CommandLine cli = new CommandLine(new Cli());
        cli.setExecutionExceptionHandler((e, line, parsed) ->
        {
            if (e instanceof ConfigException)
            {
                System.err.println("bourse: config error: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof CorruptLogException damage)
            {
                // Expected, and the operator's to decide: the place and the way out, without a stack trace.
                System.err.println("bourse: the log is damaged, not starting: " + e.getMessage()
                    + "; to see what cutting it there would lose: ./bourse repair --data " + damage.file().getParent());
                return 1;
            }
            System.err.println("bourse: " + (null == e.getMessage() ? e.toString() : e.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }

    /** The version of the jar. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[] {"bourse " + BourseServer.version()};
        }
    }
}
