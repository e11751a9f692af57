package dev.bourse.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// That each entry was forced cannot be seen from here: only a power cut would tell.
class DirectoriesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCreateEveryMissingParentAndLeaveWhatExists() throws IOException
    {
        final Path data = dir.resolve("a/b/data");
        Directories.createDurably(data);
        Files.writeString(data.resolve("kept"), "x");
        Directories.createDurably(data);

        assertThat(data).isDirectory();
        assertThat(data.resolve("kept")).hasContent("x");
    }

    @Test
    void shouldRefuseAFileWhereTheDirectoryWouldBe() throws IOException
    {
        Files.writeString(dir.resolve("data"), "not a directory");

        assertThatThrownBy(() -> Directories.createDurably(dir.resolve("data")))
            .isInstanceOf(FileAlreadyExistsException.class);
    }
}
