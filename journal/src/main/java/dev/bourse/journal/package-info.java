/** The journal: the command log that is the single source of truth, its snapshots and recovery. */
package dev.bourse.journal;
