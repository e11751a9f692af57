package dev.bourse.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** Describes the machine a benchmark ran on, so that every reported figure carries its context. */
public final class MachineInfo
{
    private MachineInfo()
    {
    }

    /** One line: CPU model, cores, JDK, load average. */
    public static String describe()
    {
        return "cpu=\"" + cpuModel() + "\" cores=" + Runtime.getRuntime().availableProcessors()
            + " jdk=" + Runtime.version() + " " + System.getProperty("java.vm.name")
            + " load=" + loadAverage();
    }

    /** The one-minute load average, for a line at the end of a run: the one in {@link #describe} is from its start. */
    public static String loadAverage()
    {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String cpuModel()
    {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo")))
        {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        }
        catch (final IOException e)
        {
            return "unknown";
        }
    }
}
