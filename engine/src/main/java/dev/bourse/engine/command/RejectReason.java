package dev.bourse.engine.command;

/**
 * Why the engine refused a command. Codes are stable (they reach journals and wire protocols) and grouped by stage:
 * 1xx validation against instrument rules, 2xx market state, 3xx funds, 4xx matching, 5xx order management,
 * 6xx idempotency, 7xx administration.
 */
public enum RejectReason
{
    UNKNOWN_INSTRUMENT(101),
    UNKNOWN_ACCOUNT(102),
    UNKNOWN_ASSET(103),
    INVALID_PRICE(104),
    PRICE_NOT_ON_TICK(105),
    INVALID_QUANTITY(106),
    QUANTITY_NOT_ON_LOT(107),
    QUANTITY_BELOW_MIN(108),
    QUANTITY_ABOVE_MAX(109),
    BELOW_MIN_NOTIONAL(110),
    AMOUNT_TOO_LARGE(111),
    INVALID_TIME_IN_FORCE(112),
    INVALID_AMOUNT(113),

    INSTRUMENT_HALTED(201),
    INSTRUMENT_CANCEL_ONLY(202),
    INSTRUMENT_POST_ONLY(203),
    PRICE_OUT_OF_BAND(204),
    NO_REFERENCE_PRICE(205),

    INSUFFICIENT_BALANCE(301),

    POST_ONLY_WOULD_TAKE(401),
    FOK_NOT_FILLABLE(402),

    ORDER_NOT_FOUND(501),
    DUPLICATE_CLIENT_ORDER_ID(502),

    IDEMPOTENCY_CONFLICT(601),

    ASSET_EXISTS(701),
    INSTRUMENT_EXISTS(702),
    ACCOUNT_EXISTS(703),
    INVALID_INSTRUMENT(704),
    INVALID_ACCOUNT(705),
    API_KEY_EXISTS(706),
    UNKNOWN_API_KEY(707),
    INVALID_ASSET(708);

    private final int code;

    RejectReason(final int code)
    {
        this.code = code;
    }

    /** The stable numeric code. */
    public int code()
    {
        return code;
    }

    /** The reason with this stable code, or null. */
    public static RejectReason fromCode(final int code)
    {
        for (final RejectReason reason : values())
        {
            if (reason.code == code)
            {
                return reason;
            }
        }
        return null;
    }

    /** The reason as it is spelled on the wire: lower snake case of the name. */
    public String wireName()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
