package dev.aval.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Installs {@link ContractCheck} before the first {@link AvalTest} class runs. */
public class ContractExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        ContractCheck.install();
    }
}
