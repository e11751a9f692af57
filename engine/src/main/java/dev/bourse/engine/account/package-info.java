/** Accounts and their balances, open-order lists and client order ids; API keys and their permissions. */
package dev.bourse.engine.account;
