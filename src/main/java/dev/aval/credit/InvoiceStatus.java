package dev.aval.credit;

public enum InvoiceStatus {
    OPEN,
    PAID,
    CANCELLED
}
