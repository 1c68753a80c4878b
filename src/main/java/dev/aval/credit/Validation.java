package dev.aval.credit;

/** Shared Bean Validation texts and patterns of the credit requests. */
final class Validation {

    static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
    static final String EMAIL_MESSAGE = "must be a well-formed email address";
    static final String MONEY_MESSAGE = "must have at most 2 decimals";
    /** api.md "Bounds": every money amount is at most this. */
    static final String MAX_MONEY = "999999999999.99";
    static final String MAX_MONEY_MESSAGE = "must be at most " + MAX_MONEY;
    static final String TOLERANCE_MESSAGE = "must be a fraction between 0 and 1 with at most 4 decimals";

    private Validation() {
    }
}
