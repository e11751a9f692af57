/** Keyed hashing for the tables whose keys clients choose: idempotency keys and client order ids. */
package dev.bourse.engine.hash;
