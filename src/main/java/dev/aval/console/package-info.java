/**
 * The distributor console (console.md): its users (created by the admin, one-time setup links,
 * Argon2id passwords, throttled sign-in, Quarkus's encrypted session cookie), and the server-rendered
 * pages ({@code *Page}) that call the features' services with {@code user:<id>} as actor. No
 * feature knows this package exists.
 */
package dev.aval.console;
