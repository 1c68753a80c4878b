/**
 * Tenants: distributors with their settings, and their API keys (issued by the admin,
 * stored only as hashes, revocable). Implements {@link dev.aval.platform.KeyDirectory}.
 */
package dev.aval.distributor;
