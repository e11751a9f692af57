package dev.bourse.gateway.protocol.stabyl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What gateway tests share: a data directory, the venue a test starts on it, and clients closed after each test. */
abstract class VenueTest
{
    @TempDir
    Path dir;

    Venue venue;
    final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stopVenue() throws Exception
    {
        closeClients();
        if (null != venue)
        {
            venue.close();
        }
    }

    /** Closes every client opened so far, as a restart of the server would. */
    void closeClients()
    {
        clients.forEach(WsClient::close);
        clients.clear();
    }

    /** A WebSocket client with the key in the query, or public when the key is null. */
    WsClient connect(final String key) throws Exception
    {
        return connectWith(null == key ? "" : "?token=" + key);
    }

    /** A WebSocket client with the given query string (starting with '?', or empty). */
    WsClient connectWith(final String query) throws Exception
    {
        final WsClient client = new WsClient(venue.wsUrl() + query);
        clients.add(client);
        return client;
    }
}
