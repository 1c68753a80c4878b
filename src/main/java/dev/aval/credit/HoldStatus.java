package dev.aval.credit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "ACTIVE counts in reserved until expiresAt; from that instant it is EXPIRED.")
public enum HoldStatus {
    ACTIVE,
    CAPTURED,
    RELEASED,
    EXPIRED
}
