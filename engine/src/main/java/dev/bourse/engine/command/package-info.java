/**
 * Canonical commands: what every protocol decodes into and the journal records. Records only, so a field never changes
 * meaning; {@link dev.bourse.engine.command.RejectReason} lists the stable reasons a command can be refused.
 */
package dev.bourse.engine.command;
