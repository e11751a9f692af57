package dev.bourse.server.admin;

import dev.bourse.gateway.Gateway;
import dev.bourse.gateway.net.GatewayServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The admin API's own listener, on 127.0.0.1 only, whatever address the venue serves clients on. Its URL is written
 * to {@code admin-url} in the data directory and its token to {@code admin-token} (mode 0600), where
 * {@code ./bourse admin} finds them.
 */
public final class AdminServer implements AutoCloseable
{
    /** The file holding the admin token. */
    public static final String TOKEN_FILE = "admin-token";
    /** The file holding the admin API's base URL while the server runs. */
    public static final String URL_FILE = "admin-url";

    private final GatewayServer server;
    private final Path urlFile;

    /** Binds the admin API on 127.0.0.1 and the port given (0: any free one) and publishes where it is. */
    public AdminServer(final Path dataDir, final int port, final Gateway gateway)
        throws IOException, InterruptedException
    {
        final String token = Secrets.adminToken(dataDir);
        server = new GatewayServer("127.0.0.1", port, 1, 0,
            () -> new AdminApi(token, gateway.projection(), gateway.sequencer()));
        urlFile = dataDir.resolve(URL_FILE);
        Files.writeString(urlFile, url() + "\n", StandardCharsets.UTF_8);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url()
    {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() throws IOException
    {
        server.close();
        Files.deleteIfExists(urlFile);
    }
}
