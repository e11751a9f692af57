package dev.bourse.bench.e2e;

import dev.bourse.bench.JavaCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own JVM, started from the generator's own class path, so that the generator and the
 * server never share a heap or a garbage collector. Its standard error goes to a log file.
 */
final class ChildJvm implements AutoCloseable
{
    // /proc counts thread CPU in clock ticks of USER_HZ, which Linux fixes at 100 a second for user space.
    private static final long NANOS_PER_CLOCK_TICK = 10_000_000L;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final String name;
    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();

    private ChildJvm(final String name, final Process process)
    {
        this.name = name;
        this.process = process;
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                for (String line = in.readLine(); null != line; line = in.readLine())
                {
                    stdout.add(line);
                }
            }
            catch (final IOException e)
            {
                // The process ended; nothing more to read.
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with the given heap and arguments; standard error is appended to {@code log}. */
    static ChildJvm start(final String name, final String heap, final String mainClass, final List<String> args,
        final Path log)
    {
        // The options ./bourse starts the server with; the echo floor gets them too, so that only the code differs.
        final List<String> options = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap, "@" + serverOptions()));
        // For profiling a run, e.g. -Dbourse.bench.jvmArgs=-XX:StartFlightRecording=filename=server.jfr; after the
        // server's options, so they may also override one of those.
        final String extra = System.getProperty("bourse.bench.jvmArgs", "").strip();
        if (!extra.isEmpty())
        {
            options.addAll(List.of(extra.split("\\s+")));
        }
        final List<String> command = JavaCommand.of(options, mainClass, args);
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
            return new ChildJvm(name, process);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    // server/jvm.options of the checkout this benchmark's jar was built in (bench/target/the jar).
    private static Path serverOptions()
    {
        try
        {
            final Path jar = Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Path options = jar.toAbsolutePath().getParent().getParent().getParent().resolve("server/jvm.options");
            if (!Files.isRegularFile(options))
            {
                throw new IllegalStateException("cannot find the server's JVM options at " + options);
            }
            return options;
        }
        catch (final URISyntaxException e)
        {
            throw new IllegalStateException("cannot locate the benchmark's jar", e);
        }
    }

    long pid()
    {
        return process.pid();
    }

    /** The first line of standard output that starts with the prefix, waiting up to the time given. */
    String awaitLine(final String prefix, final long millis) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true)
        {
            final String line = stdout.poll(10, TimeUnit.MILLISECONDS);
            if (null != line && line.startsWith(prefix))
            {
                return line;
            }
            requireAlive();
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException(name + " printed no line starting with '" + prefix + "'");
            }
        }
    }

    /** Fails, with the exit status, if the process has ended. */
    void requireAlive()
    {
        if (!process.isAlive())
        {
            throw new IllegalStateException(name + " exited with status " + process.exitValue() + " (see its log)");
        }
    }

    /** Heap in use after a full collection, in bytes, read with jcmd. */
    long heapUsedAfterGc() throws IOException, InterruptedException
    {
        jcmd("GC.run");
        final Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find())
        {
            throw new IllegalStateException("jcmd printed no heap figure for " + name);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** CPU time the process has used so far, every thread (JIT and GC included), in nanoseconds; -1 if unknown. */
    long cpuNanos()
    {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /**
     * CPU time the JVM's JIT compiler threads have used so far, in nanoseconds, from /proc; -1 where it is not
     * readable. A compiler thread that has ended no longer counts, so compare readings with care.
     */
    long compilerCpuNanos()
    {
        long ticks = 0;
        try (var threads = Files.list(Path.of("/proc/" + process.pid() + "/task")))
        {
            for (final Path thread : (Iterable<Path>)threads::iterator)
            {
                final String stat;
                try
                {
                    stat = Files.readString(thread.resolve("stat"));
                }
                catch (final IOException e)
                {
                    continue; // the thread ended while we listed
                }
                final String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler"))
                {
                    // Fields after the name, from state: utime and stime are the 12th and 13th.
                    final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        }
        catch (final IOException | UncheckedIOException e)
        {
            return -1;
        }
        return ticks * NANOS_PER_CLOCK_TICK;
    }

    /** Resident memory of the process, in bytes. */
    long residentBytes() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for " + name);
    }

    /** Open file descriptors of the process. */
    long openFiles() throws IOException
    {
        try (var files = Files.list(Path.of("/proc/" + process.pid() + "/fd")))
        {
            return files.count();
        }
    }

    private String jcmd(final String what) throws IOException, InterruptedException
    {
        final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        final Process run = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), what)
            .redirectErrorStream(true).start();
        final String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (0 != run.waitFor())
        {
            throw new IllegalStateException("jcmd " + what + " failed for " + name + ": " + out);
        }
        return out;
    }

    /** SIGTERM, then waits for the exit (SIGKILL after 30 s). */
    @Override
    public void close() throws InterruptedException
    {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
        }
    }
}
