/** The idempotency store: client keys per account with their intent and first result, expiring in engine time. */
package dev.bourse.engine.idempotency;
