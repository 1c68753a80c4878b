package dev.aval.credit;

/** Shared Bean Validation texts and patterns of the credit requests. */
final class Validation {

    /** No spaces nor control characters (NUL included: a CSV cell is checked against this too). */
    static final String EMAIL = "^[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+$";

    static final String EMAIL_MESSAGE = "must be a well-formed email address";
    static final String TOLERANCE_MESSAGE = "must be a fraction between 0 and 1 with at most 4 decimals";

    private Validation() {}
}
