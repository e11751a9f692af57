package dev.bourse.engine.event;

/** Whether a command was carried out or refused. */
public enum Outcome
{
    ACCEPTED,
    REJECTED
}
