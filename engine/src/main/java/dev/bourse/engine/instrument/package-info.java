/** Assets and instruments: scales, trading rules, price band and status, and the scaled-integer arithmetic they use. */
package dev.bourse.engine.instrument;
