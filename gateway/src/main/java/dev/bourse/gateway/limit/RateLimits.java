package dev.bourse.gateway.limit;

/**
 * The rate limits every protocol applies.
 *
 * @param messagesPerSecond sustained rate of messages (WebSocket) or requests (REST) per connection; cancels are
 *                          exempt so that a client can always reduce its risk.
 * @param messageBurst      messages a connection may send at once after being idle.
 * @param commandsPerSecond sustained rate of order commands other than cancels, per account, all connections and
 *                          REST together.
 * @param commandBurst      commands an account may send at once.
 * @param cancelsPerSecond  sustained rate of cancels per account: a separate, larger budget.
 * @param cancelBurst       cancels an account may send at once.
 * @param abuseSeconds      consecutive seconds a connection may spend refused at least its own rate again (so
 *                          sending at twice the limit or more) before it is closed with 1008 {@code rate_limited}.
 */
public record RateLimits(
    double messagesPerSecond, int messageBurst, double commandsPerSecond, int commandBurst, double cancelsPerSecond,
    int cancelBurst, int abuseSeconds)
{
    /** Generous enough for a market maker re-quoting a few books, tight enough to stop a runaway loop. */
    public static final RateLimits DEFAULT = new RateLimits(200, 400, 100, 200, 500, 1000, 5);

    /** Checks every limit is positive and each cancel budget is at least the command budget. */
    public RateLimits
    {
        if (!(messagesPerSecond > 0) || messageBurst < 1 || !(commandsPerSecond > 0) || commandBurst < 1
            || !(cancelsPerSecond > 0) || cancelBurst < 1 || abuseSeconds < 1)
        {
            throw new IllegalArgumentException("every rate limit must be positive");
        }
        if (cancelsPerSecond < commandsPerSecond || cancelBurst < commandBurst)
        {
            throw new IllegalArgumentException("the cancel budget must be at least the command budget");
        }
    }
}
