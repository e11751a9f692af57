/**
 * The binary form of canonical commands: what a journal record carries as its payload. {@link
 * dev.bourse.journal.codec.CommandCodec} draws the layout; decoding rejects anything else with a
 * {@link dev.bourse.journal.codec.CommandFormatException}.
 */
package dev.bourse.journal.codec;
