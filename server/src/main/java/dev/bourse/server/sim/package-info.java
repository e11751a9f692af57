/**
 * The demo market simulator: market makers and takers that are ordinary accounts, trading through the same
 * sequencer as every client, so the demo venue shows live, two-sided books and a steady flow of trades.
 */
package dev.bourse.server.sim;
