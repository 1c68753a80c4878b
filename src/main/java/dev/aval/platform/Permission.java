package dev.aval.platform;

/** What an endpoint needs; each {@link Role} grants a set of these, the admin key all. */
public enum Permission {
    /** GETs inside one distributor. */
    READ,
    /** The checkout question. */
    ELIGIBILITY,
    /** Place, capture and release holds. */
    HOLDS,
    /** Every other write inside one distributor: statuses, accounts, invoices, imports. */
    WRITE,
    /** Distributors, their settings and API keys: the platform admin key only. */
    ADMIN
}
