/**
 * The deterministic matching engine: {@link dev.bourse.engine.Engine#apply} takes sequenced commands and reports
 * canonical events. Nothing here reads a clock, does I/O or logs.
 */
package dev.bourse.engine;
