/** The vocabulary of an order shared by commands, events and the book: side, type, time in force, status. */
package dev.bourse.engine.order;
