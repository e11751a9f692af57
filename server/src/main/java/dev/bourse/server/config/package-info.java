/**
 * The server's configuration file: a YAML file read into an immutable {@link dev.bourse.server.config.ServerConfig},
 * every setting checked once at startup with errors that name the key.
 */
package dev.bourse.server.config;
