package dev.aval.console;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "INVITED: no password chosen yet; ACTIVE: may sign in; DISABLED: refused, sessions ended.")
public enum ConsoleUserStatus {
    INVITED,
    ACTIVE,
    DISABLED
}
