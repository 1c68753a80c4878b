package dev.aval.platform;

/** What an endpoint needs; each {@link Role} grants a set of these, the admin key all. */
public enum Permission {
    /** GETs inside one distributor (those checkout needs too). */
    READ,
    /** Reading import jobs and their failed rows: back office, not checkout (the template is {@link #READ}). */
    READ_IMPORTS,
    /** The checkout question. */
    ELIGIBILITY,
    /** Place, capture and release holds. */
    HOLDS,
    /** Every other write inside one distributor: statuses, accounts, invoices, imports. */
    WRITE,
    /** Read the change feed (events.md): not for checkout keys. */
    EVENTS,
    /** Register and manage webhook endpoints and their deliveries. */
    WEBHOOKS,
    /** Distributors, their settings and API keys: the platform admin key only. */
    ADMIN
}
