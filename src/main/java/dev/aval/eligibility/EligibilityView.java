package dev.aval.eligibility;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.customer.CustomerStatus;

@Schema(name = "Eligibility", description = "Whether the customer may buy this cart, method by method, and why not.")
public record EligibilityView(
        String document,
        CustomerStatus status,

        @Schema(description = "False when the document was never integrated (then treated as PEN).")
        boolean registered,

        boolean canViewPrices,

        @Schema(description = "At least one evaluated method is allowed.")
        boolean canPurchase,

        List<MethodView> paymentMethods,

        @Schema(description = "Null without an open credit account.")
        CreditView credit,

        @Schema(
                description =
                        "Customer-facing text (pt-BR, or English when Accept-Language prefers en); null when none.")
        String message) {

    @Schema(name = "PaymentMethodEligibility")
    public record MethodView(
            PaymentMethod method,
            boolean allowed,

            @Schema(nullable = true, description = "Null when allowed.")
            Reason reason) {}

    @Schema(name = "CreditFigures")
    public record CreditView(
            UUID accountId,
            BigDecimal creditLimit,
            BigDecimal tolerance,
            BigDecimal outstanding,
            BigDecimal reserved,
            BigDecimal availableCredit,
            BigDecimal availableCreditWithTolerance) {}

    static EligibilityView of(String document, Decision d, Messages.Language language) {
        List<MethodView> methods = d.methods().stream()
                .map(m -> new MethodView(m.method(), m.allowed(), m.reason()))
                .toList();
        Snapshot.Credit c = d.credit();
        CreditView credit = c == null
                ? null
                : new CreditView(
                        c.accountId(),
                        c.creditLimit(),
                        c.tolerance(),
                        c.outstanding(),
                        c.reserved(),
                        c.availableCredit(),
                        c.availableCreditWithTolerance());
        return new EligibilityView(
                document,
                d.status(),
                d.registered(),
                d.canViewPrices(),
                d.canPurchase(),
                methods,
                credit,
                Messages.text(d.message(), language));
    }
}
