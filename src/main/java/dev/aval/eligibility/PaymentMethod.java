package dev.aval.eligibility;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        description = "PIX, CREDIT_CARD and BOLETO_ANTECIPADO are prepaid (processed by the platform); "
                + "BOLETO_FATURADO is on credit terms, against the customer's credit account.")
public enum PaymentMethod {
    PIX(true),
    CREDIT_CARD(true),
    BOLETO_ANTECIPADO(true),
    BOLETO_FATURADO(false);

    private final boolean prepaid;

    PaymentMethod(boolean prepaid) {
        this.prepaid = prepaid;
    }

    public boolean prepaid() {
        return prepaid;
    }
}
