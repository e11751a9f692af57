package dev.bourse.server.cli;

import dev.bourse.journal.JournalRepair;
import dev.bourse.server.DataDirLock;
import dev.bourse.server.config.ConfigLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./bourse repair (--data DIR | --config FILE) [--yes]}: the offline way past a damaged log. It locks the data
 * directory as a server does, so it refuses to run while one uses it. Without {@code --yes} it only says what a cut
 * at the first damaged record would lose; with it, it makes the cut.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = {"Check the log of a stopped server; with --yes, cut it at the first damaged record.",
        "Exit status: 0 when the log is sound or was repaired, " + RepairCommand.DAMAGE_FOUND
            + " when it is damaged and nothing was changed, 1 when the repair was refused or failed."})
final class RepairCommand implements Callable<Integer>
{
    /** Exit status when the log is damaged and nothing was changed. */
    static final int DAMAGE_FOUND = 3;

    @ArgGroup(multiplicity = "1")
    DataDir where;

    @Option(names = "--yes", description = "Make the cut; without it, only say what it would lose.")
    boolean yes;

    /** The data directory, given or taken from a config file. */
    static final class DataDir
    {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data directory.")
        Path data;

        @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The server's config file, for its data_dir.")
        Path config;

        Path resolve()
        {
            return null != data ? data : ConfigLoader.load(config).dataDir();
        }
    }

    @Override
    public Integer call() throws IOException
    {
        final Path dir = where.resolve();
        if (!Files.isDirectory(dir))
        {
            throw new IllegalStateException("no data directory at " + dir);
        }
        final PrintStream out = System.out;
        try (DataDirLock lock = lock(dir))
        {
            final Optional<JournalRepair.Plan> plan = JournalRepair.inspect(dir);
            if (plan.isEmpty())
            {
                out.println("log is sound: nothing to repair in " + dir);
                return 0;
            }
            plan.get().describe().forEach(out::println);
            if (!yes)
            {
                out.println("nothing changed; to make this cut: ./bourse repair --data " + dir + " --yes");
                return DAMAGE_FOUND;
            }
            JournalRepair.apply(plan.get(), out::println);
            out.println("repaired: the log ends at sequence " + plan.get().lastGoodSequence()
                + "; the server can start again");
            return 0;
        }
    }

    private static DataDirLock lock(final Path dir) throws IOException
    {
        try
        {
            return DataDirLock.acquire(dir);
        }
        catch (final IllegalStateException e)
        {
            throw new IllegalStateException(e.getMessage() + "; stop it before a repair", e);
        }
    }
}
