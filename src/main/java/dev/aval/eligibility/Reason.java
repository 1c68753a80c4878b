package dev.aval.eligibility;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Why a payment method is not allowed.")
public enum Reason {
    CUSTOMER_REJECTED,
    CUSTOMER_NOT_APPROVED,
    PENDING_PURCHASES_DISABLED,
    NO_CREDIT_ACCOUNT,
    CREDIT_ACCOUNT_CLOSED,
    CREDIT_EMAIL_REQUIRED,
    CREDIT_EMAIL_MISMATCH,
    CREDIT_OVERDUE,
    CREDIT_INSUFFICIENT
}
