package dev.bourse.engine.command;

/**
 * A canonical instruction to the engine. Every state change, admin actions included, is one of these, so the journal
 * of commands is the whole history. Sequence number and timestamp are not part of a command: the sequencer stamps them
 * and passes them to {@code Engine.apply}.
 */
public sealed interface Command
    permits CreateAsset, CreateInstrument, SetInstrumentStatus, CreateAccount, IssueApiKey, RevokeApiKey,
    AccountCommand
{
}
