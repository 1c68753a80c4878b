package dev.aval.platform;

import java.util.EnumSet;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The role of a distributor's API key. */
@Schema(
        description = "INTEGRATION: everything inside its distributor except keys and settings; "
                + "CHECKOUT: eligibility, reading customers, accounts, holds and invoices, holds (of imports only the template; "
                + "no events, no webhooks); READ_ONLY: GETs (the event feed too, not webhooks) and eligibility.")
public enum Role {
    INTEGRATION(EnumSet.of(
            Permission.READ,
            Permission.READ_IMPORTS,
            Permission.ELIGIBILITY,
            Permission.HOLDS,
            Permission.WRITE,
            Permission.EVENTS,
            Permission.WEBHOOKS)),
    CHECKOUT(EnumSet.of(Permission.READ, Permission.ELIGIBILITY, Permission.HOLDS)),
    READ_ONLY(EnumSet.of(Permission.READ, Permission.READ_IMPORTS, Permission.ELIGIBILITY, Permission.EVENTS));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }
}
