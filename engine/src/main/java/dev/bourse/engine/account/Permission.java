package dev.bourse.engine.account;

/** What an API key may do. */
public enum Permission
{
    /** Place orders. */
    ORDERS_CREATE("orders:create"),
    /** Cancel, replace and amend orders. */
    ORDERS_EXECUTE("orders:execute"),
    /** Read the account's orders, fills and balances. */
    EXCHANGE_READ("exchange:read");

    private final String wireName;

    Permission(final String wireName)
    {
        this.wireName = wireName;
    }

    /** The permission as written in keys and configuration, e.g. {@code orders:create}. */
    public String wireName()
    {
        return wireName;
    }
}
