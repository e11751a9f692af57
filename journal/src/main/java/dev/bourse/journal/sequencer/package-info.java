/**
 * The sequencer and the engine thread: the one thread that orders commands from many producers, stamps them and
 * appends them to the log in batches, and the one after it that applies each durable batch to the engine and
 * acknowledges its commands.
 */
package dev.bourse.journal.sequencer;
