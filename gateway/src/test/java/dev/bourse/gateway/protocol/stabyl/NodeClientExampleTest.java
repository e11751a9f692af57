package dev.bourse.gateway.protocol.stabyl;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Node.js example of the Stabyl docs (src/test/node/basic-session.mjs, on the published {@code ws}
 * package) against a real gateway: a client written for Stabyl must connect, subscribe and print the data of all
 * three topics it asks for without a change. Skipped where node or npm is missing or the npm registry unreachable.
 */
class NodeClientExampleTest
{
    private static final long WAIT_SECONDS = 30;
    private static final String SCRIPT = "basic-session.mjs";
    // console.log(message.topic, message.seq, message.data) starts each message's output with "topic seq ".
    private static final Pattern DATA_LINE = Pattern.compile("^(orderbook\\.USD_NGN|trades\\.USD_NGN|user\\.orders) "
        + "(\\d+) ");

    private enum Topic
    {
        BOOK("orderbook.USD_NGN"), TRADES("trades.USD_NGN"), USER_ORDERS("user.orders");

        final String wire;

        Topic(final String wire)
        {
            this.wire = wire;
        }

        static Topic of(final String wire)
        {
            for (final Topic t : values())
            {
                if (t.wire.equals(wire))
                {
                    return t;
                }
            }
            throw new IllegalArgumentException(wire);
        }
    }

    @TempDir
    Path dir;

    @Test
    void shouldServeTheDocumentedNodeClientUnchanged() throws Exception
    {
        requireOnPath("node");
        requireOnPath("npm");
        final Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        final Path work = installExample(module.resolve("src/test/node"), module.resolve("target/node-example"));

        final StringBuffer transcript = new StringBuffer();
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process node = null;
        try (Venue venue = Venue.seeded(dir);
             WsClient alice = new WsClient(venue.wsUrl() + "?token=" + Venue.KEY_A);
             WsClient bob = new WsClient(venue.wsUrl() + "?token=" + Venue.KEY_B))
        {
            final ProcessBuilder builder = new ProcessBuilder("node", SCRIPT).directory(work.toFile())
                .redirectErrorStream(true);
            builder.environment().put("STABYL_WS_URL", venue.wsUrl());
            builder.environment().put("STABYL_API_KEY", Venue.KEY_A);
            node = builder.start();
            final Process started = node;
            final Thread reader = new Thread(() -> readLines(started, lines, transcript), "node-stdout");
            reader.setDaemon(true);
            reader.start();

            final Set<Topic> seen = EnumSet.noneOf(Topic.class);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            // The script says nothing once subscribed, so rest small orders until the book's delta shows it is.
            int resting = 0;
            while (!seen.contains(Topic.BOOK))
            {
                assertThat(node.isAlive()).as("node still running; it printed:%n%s", transcript).isTrue();
                failAfter(deadline, "no orderbook line from node in " + WAIT_SECONDS + " s", transcript);
                place(bob, "b-" + resting, "sell", "1.00");
                resting++;
                awaitLines(lines, seen, 500);
            }
            place(alice, "a-cross", "buy", resting + ".00");
            while (!seen.containsAll(EnumSet.allOf(Topic.class)))
            {
                failAfter(deadline, "node printed data of " + seen + " only, in " + WAIT_SECONDS + " s", transcript);
                awaitLines(lines, seen, 500);
            }
            // The values, not only the topics, made it through: the trade's price as util.inspect prints it.
            assertThat(transcript.toString()).contains("'1650.00'", "'USD/NGN'");
        }
        finally
        {
            if (null != node)
            {
                node.destroy();
                if (!node.waitFor(5, TimeUnit.SECONDS))
                {
                    node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Copies the example into target/ and installs its pinned dependencies there; the source tree stays clean. */
    private static Path installExample(final Path source, final Path work) throws Exception
    {
        Files.createDirectories(work);
        for (final String file : List.of("package.json", "package-lock.json", SCRIPT))
        {
            Files.copy(source.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        final Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefer-offline")
            .directory(work.toFile()).redirectErrorStream(true).start();
        final StringBuffer output = new StringBuffer();
        final Thread reader = new Thread(() -> readLines(npm, new LinkedBlockingQueue<>(), output), "npm-output");
        reader.setDaemon(true);
        reader.start();
        try
        {
            if (!npm.waitFor(WAIT_SECONDS, TimeUnit.SECONDS))
            {
                Assumptions.abort("npm install did not finish in " + WAIT_SECONDS + " s: is the npm registry "
                    + "reachable? Output:\n" + output);
            }
        }
        finally
        {
            npm.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        if (0 != npm.exitValue())
        {
            final String text = output.toString().toLowerCase(Locale.ROOT);
            final boolean offline = Pattern.compile("enotfound|eai_again|econnrefused|econnreset|etimedout|network|"
                + "offline|unable to get local issuer").matcher(text).find();
            Assumptions.assumeFalse(offline, () -> "npm install could not reach the registry:\n" + output);
            throw new AssertionError("npm install failed with " + npm.exitValue() + ":\n" + output);
        }
        assertThat(work.resolve("node_modules/ws/package.json")).as("ws installed").exists();
        return work;
    }

    private static void requireOnPath(final String tool) throws InterruptedException
    {
        try
        {
            final Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                Assumptions.abort(tool + " --version did not answer in " + WAIT_SECONDS + " s");
            }
            Assumptions.assumeTrue(0 == p.exitValue(), () -> tool + " --version failed: is " + tool + " installed?");
        }
        catch (final IOException e)
        {
            Assumptions.abort(tool + " is not on PATH, so the Node.js docs example cannot run: " + e.getMessage());
        }
    }

    private static void failAfter(final long deadline, final String what, final CharSequence transcript)
    {
        if (System.nanoTime() - deadline > 0)
        {
            throw new AssertionError(what + "; node printed:\n" + transcript);
        }
    }

    private static void place(final WsClient client, final String requestId, final String side, final String quantity)
        throws InterruptedException
    {
        client.send("{\"type\":\"command\",\"request_id\":\"" + requestId + "\",\"action\":\"order_create\","
            + "\"pair_id\":\"USD/NGN\",\"side\":\"" + side + "\",\"order_type\":\"limit\",\"price\":\"1650.00\","
            + "\"quantity\":\"" + quantity + "\"}");
        final JsonNode ack = client.next(m -> requestId.equals(m.path("request_id").asString()));
        assertThat(ack.path("type").asString()).as(ack.toString()).isEqualTo("command_ack");
    }

    private static void awaitLines(final BlockingQueue<String> lines, final Set<Topic> seen, final long millis)
        throws InterruptedException
    {
        String line = lines.poll(millis, TimeUnit.MILLISECONDS);
        while (null != line)
        {
            final Matcher m = DATA_LINE.matcher(line);
            if (m.find())
            {
                seen.add(Topic.of(m.group(1)));
            }
            line = lines.poll();
        }
    }

    private static void readLines(final Process process, final BlockingQueue<String> lines,
        final StringBuffer transcript)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            for (String line = in.readLine(); null != line; line = in.readLine())
            {
                transcript.append(line).append('\n');
                lines.add(line);
            }
        }
        catch (final IOException e)
        {
            // The process was destroyed: nothing more to read.
        }
    }
}
