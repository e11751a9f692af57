package dev.bourse.server;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./bourse serve} with a bad config: one line naming the key, exit status 2, nothing started. */
final class ConfigErrorsIT
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "server:\\n  port: 70000                | server.port: must be between 0 and 65535, got 70000",
        "journal:\\n  durability: sometimes     | journal.durability: must be one of fsync, write, none",
        "limits:\\n  bogus: 1                   | limits.bogus: unknown key",
        "snapshot_every: 5                      | snapshot_every: unknown key",
        "instruments:\\n  - symbol: BTC/USD\\n    price_scale: 2\\n    quantity_scale: 6\\n    max_quantity: \"100\"\\n"
            + "    tick_size: \"0.001\" | instruments[0].tick_size: 0.001 has more than 2 decimals"})
    void badSettingIsNamedAndStopsStartUp(final String yaml, final String message) throws Exception
    {
        final Path config = dir.resolve("bourse.yaml");
        Files.writeString(config, "data_dir: ./data\n" + yaml.replace("\\n", "\n") + "\n");
        final Launcher serve = Launcher.run("serve", "--config", config.toString());
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.stderr()).contains("bourse: config error: " + message);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"missing.yaml | config file not found"})
    void missingFileIsNamed(final String file, final String message) throws Exception
    {
        final Launcher serve = Launcher.run("serve", "--config", dir.resolve(file).toString());
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.stderr()).contains(message).contains(file);
    }
}
