/** Snapshots: the whole engine state at a sequence number, with its hash, written atomically and checked on load. */
package dev.bourse.journal.snapshot;
