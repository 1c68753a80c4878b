package dev.aval.credit;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The data of {@code hold.captured}: the hold as the API answers it after the capture (like every
 * {@code hold.*} event's data, so a reader keeps one shape per subject) and the invoices the capture
 * made, as the capture's answer lists them.
 */
record HoldCapturedEvent(@JsonUnwrapped HoldView hold, List<InvoiceView> invoices) {}
