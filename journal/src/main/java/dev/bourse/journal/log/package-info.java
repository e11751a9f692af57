/** The command log: segment files of CRC-protected records, written in batches and read back in order. */
package dev.bourse.journal.log;
