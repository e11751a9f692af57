/** Keyed hashing for a table whose keys clients choose and that resolves collisions by probing: idempotency keys. */
package dev.bourse.engine.hash;
