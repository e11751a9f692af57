/**
 * The sequencer: the one thread that orders commands from many producers, stamps them, appends them to the log in
 * batches, applies them to the engine and acknowledges each once it is durable.
 */
package dev.bourse.journal.sequencer;
