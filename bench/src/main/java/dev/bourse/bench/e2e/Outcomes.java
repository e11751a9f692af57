package dev.bourse.bench.e2e;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the replies that were not what the generator expected, by kind, so a run never hides its failures. */
final class Outcomes
{
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    /**
     * Whether the reply acknowledges a command: the command itself echoed, or a {@code command_ack} whose order was
     * not rejected. Anything else is counted as a failure and false is returned.
     */
    boolean acknowledged(final Target target, final Message reply)
    {
        final String failure;
        if (target.echo())
        {
            failure = "command".equals(reply.type) ? null : "unexpected " + reply.type;
        }
        else if ("command_ack".equals(reply.type))
        {
            failure = "rejected".equals(reply.status) ? "order rejected" : null;
        }
        else if ("command_error".equals(reply.type))
        {
            failure = "command_error " + reply.errorCode;
        }
        else
        {
            failure = reply.type + (null == reply.errorCode ? "" : " " + reply.errorCode);
        }
        if (null != failure)
        {
            fail(failure);
        }
        return null == failure;
    }

    void fail(final String what)
    {
        failures.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    long total()
    {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public String toString()
    {
        if (failures.isEmpty())
        {
            return "none";
        }
        final Map<String, Long> sorted = new TreeMap<>();
        failures.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted.toString();
    }
}
