package dev.bourse.server.cli;

import dev.bourse.server.BourseServer;
import dev.bourse.server.config.ConfigLoader;
import dev.bourse.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./bourse serve --config bourse.yaml}: the production entry point. */
@Command(name = "serve", description = "Run a venue as configured.", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer>
{
    @Option(names = "--config", required = true, description = "The YAML config file (see bourse.example.yaml).")
    Path config;

    @Option(names = "--simulate", description = "Also run the market simulator on the configured instruments.")
    boolean simulate;

    @Override
    public Integer call() throws Exception
    {
        ServerConfig settings = ConfigLoader.load(config);
        if (simulate)
        {
            settings = settings.withSimulator(true);
        }
        final BourseServer server = BourseServer.start(settings);
        if (settings.simulator().enabled())
        {
            server.startSimulator();
        }
        return Running.untilSignalled(server);
    }
}
