package dev.bourse.engine.command;

import dev.bourse.engine.instrument.InstrumentStatus;

import java.util.Objects;

/**
 * Halts, resumes or restricts an instrument. Halting cancels every open order of the instrument (reason {@code halt}).
 *
 * @param symbol the instrument id, {@code BASE/QUOTE}.
 * @param status the new status.
 */
public record SetInstrumentStatus(String symbol, InstrumentStatus status) implements Command
{
    /** Checks that the fields are present. */
    public SetInstrumentStatus
    {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(status, "status");
    }
}
