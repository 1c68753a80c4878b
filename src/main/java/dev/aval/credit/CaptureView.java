package dev.aval.credit;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Capture", description = "The captured hold and its invoices, ordered by installment.")
public record CaptureView(HoldView hold, List<InvoiceView> invoices) {}
