package dev.aval.platform;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link ApiKeyAccess}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller in this request");
        }
        return caller;
    }

    void set(Caller caller) {
        this.caller = caller;
    }
}
