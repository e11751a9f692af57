package dev.bourse.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM that runs a main class of this benchmark's own class path, on this JVM's java. */
public final class JavaCommand
{
    private JavaCommand()
    {
    }

    /** {@code java <jvmOptions> -cp <this class path> <mainClass> <args>}. */
    public static List<String> of(final List<String> jvmOptions, final String mainClass, final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
