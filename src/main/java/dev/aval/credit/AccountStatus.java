package dev.aval.credit;

public enum AccountStatus {
    OPEN,
    CLOSED
}
