/**
 * Canonical events: what the engine reports for every change, through {@link dev.bourse.engine.event.EventSink},
 * and the same events as {@link dev.bourse.engine.event.EngineEvent} records.
 */
package dev.bourse.engine.event;
