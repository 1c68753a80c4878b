package dev.aval.platform;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The types of change events (events.md); {@link #wireName()} is what the feed and webhooks carry. */
public enum EventType {
    CUSTOMER_REGISTERED("customer.registered"),
    CUSTOMER_STATUS_CHANGED("customer.status_changed"),
    DISTRIBUTOR_UPDATED("distributor.updated"),
    CREDIT_ACCOUNT_OPENED("credit_account.opened"),
    CREDIT_ACCOUNT_UPDATED("credit_account.updated"),
    CREDIT_ACCOUNT_HOLDER_ADDED("credit_account.holder_added"),
    CREDIT_ACCOUNT_HOLDER_REMOVED("credit_account.holder_removed"),
    CREDIT_ACCOUNT_CLOSED("credit_account.closed"),
    HOLD_PLACED("hold.placed"),
    HOLD_ADJUSTED("hold.adjusted"),
    HOLD_CAPTURED("hold.captured"),
    HOLD_RELEASED("hold.released"),
    HOLD_EXPIRED("hold.expired"),
    INVOICE_CREATED("invoice.created"),
    INVOICE_PAID("invoice.paid"),
    INVOICE_CREDITED("invoice.credited"),
    INVOICE_POSTPONED("invoice.postponed"),
    INVOICE_CANCELLED("invoice.cancelled"),
    INVOICE_OVERDUE("invoice.overdue"),
    IMPORT_COMPLETED("import.completed"),
    IMPORT_FAILED("import.failed"),
    WEBHOOK_DISABLED("webhook.disabled"),
    /** Sent only to the endpoint being tested; never in the feed. */
    WEBHOOK_TEST("webhook.test");

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The CloudEvents {@code type}, e.g. {@code hold.placed}. */
    public String wireName() {
        return wireName;
    }

    /** The type of a wire name, or null when there is none. */
    public static EventType ofWireName(String name) {
        return BY_WIRE_NAME.get(name);
    }
}
