/**
 * The checkout hot path: one prepared SQL query builds a {@link dev.aval.eligibility.Snapshot}
 * (distributor settings, customer status, credit figures), a pure
 * {@link dev.aval.eligibility.EligibilityPolicy} turns it into a decision. It is the one read
 * model allowed to join other features' tables, so that the answer costs one round-trip.
 */
package dev.aval.eligibility;
