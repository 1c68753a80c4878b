package dev.aval.credit;

/** Shared Bean Validation texts and patterns of the credit requests. */
final class Validation {

    static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
    static final String EMAIL_MESSAGE = "must be a well-formed email address";
    static final String MONEY_MESSAGE = "must have at most 2 decimals";
    static final String TOLERANCE_MESSAGE = "must be a fraction between 0 and 1 with at most 4 decimals";

    private Validation() {
    }
}
