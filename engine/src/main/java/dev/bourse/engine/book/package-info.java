/** Order books: open orders in price-time priority, price levels with their aggregates, and the order pool. */
package dev.bourse.engine.book;
