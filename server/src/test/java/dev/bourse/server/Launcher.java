package dev.bourse.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./bourse} from the repository root as a child process and keeps what it prints. */
final class Launcher
{
    /** The repository root: tests run in the module's directory. */
    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();

    private final Thread outPump;
    private final Thread errPump;

    private Launcher(final Process process)
    {
        this.process = process;
        outPump = pump(process.getInputStream(), out);
        errPump = pump(process.getErrorStream(), err);
    }

    /** Starts {@code ./bourse args...}. */
    static Launcher start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bourse").toString());
        command.addAll(List.of(args));
        return new Launcher(new ProcessBuilder(command).directory(ROOT.toFile()).start());
    }

    /** Runs {@code ./bourse args...} to its end and returns it. */
    static Launcher run(final String... args) throws IOException, InterruptedException
    {
        final Launcher launcher = start(args);
        if (!launcher.process.waitFor(60, TimeUnit.SECONDS))
        {
            launcher.process.destroyForcibly();
            throw new AssertionError("./bourse " + String.join(" ", args) + " did not end");
        }
        return launcher;
    }

    /**
     * Sends SIGTERM. Through the process's handle: {@code Process.destroy()} also closes the pipes, and what the
     * process prints while it stops would be lost.
     */
    void sigterm()
    {
        process.toHandle().destroy();
    }

    /** Exit status, once everything the process printed has been read. */
    int exitCode() throws InterruptedException
    {
        final int code = process.waitFor();
        outPump.join(5_000);
        errPump.join(5_000);
        return code;
    }

    String stdout()
    {
        return String.join("\n", out);
    }

    String stderr()
    {
        return String.join("\n", err);
    }

    static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    private static Thread pump(final java.io.InputStream in, final List<String> lines)
    {
        final Thread t = new Thread(() ->
        {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
            {
                for (String line = r.readLine(); null != line; line = r.readLine())
                {
                    lines.add(line);
                }
            }
            catch (final IOException ignored)
            {
                // The process ended.
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
