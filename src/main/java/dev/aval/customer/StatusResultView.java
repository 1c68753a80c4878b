package dev.aval.customer;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "StatusResult", description = "The outcome of a status update and the customer as it now is.")
public record StatusResultView(Outcome outcome, CustomerView customer) {}
