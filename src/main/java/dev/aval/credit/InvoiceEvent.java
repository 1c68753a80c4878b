package dev.aval.credit;

import java.math.BigDecimal;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The data of an {@code invoice.*} event: the invoice as the API answers it after the change, and
 * what the change itself was when the invoice alone does not say it — the payment of
 * {@code invoice.paid}, the credit note of {@code invoice.credited}, the due date before
 * {@code invoice.postponed}. Members a type does not have are left out.
 */
record InvoiceEvent(
        @JsonUnwrapped InvoiceView invoice,
        @JsonInclude(JsonInclude.Include.NON_NULL) Payment payment,
        @JsonInclude(JsonInclude.Include.NON_NULL) CreditNoteView creditNote,
        @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate previousDueDate) {

    /** A payment: the amount paid by this change and its reference (e.g. the boleto's number). */
    record Payment(BigDecimal amount, String reference) {}

    static InvoiceEvent of(InvoiceView invoice) {
        return new InvoiceEvent(invoice, null, null, null);
    }
}
