package dev.aval.customer;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        description =
                "PEN pre-approved (prepaid methods only), APV approved (all methods), RPV rejected (may not buy nor see prices).")
public enum CustomerStatus {
    PEN,
    APV,
    RPV
}
