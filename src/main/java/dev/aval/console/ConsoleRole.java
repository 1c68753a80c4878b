package dev.aval.console;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a console user may do inside its distributor. */
@Schema(
        description =
                "OPERATOR: may change things (what an INTEGRATION key may, except keys and settings); VIEWER: reads only.")
public enum ConsoleRole {
    OPERATOR,
    VIEWER;

    public boolean mayWrite() {
        return this == OPERATOR;
    }
}
