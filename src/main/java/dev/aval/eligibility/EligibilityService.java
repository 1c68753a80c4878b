package dev.aval.eligibility;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.aval.platform.Document;
import dev.aval.platform.Problem;
import dev.aval.platform.ProblemException;
import dev.aval.platform.SystemClock;
import io.smallrye.mutiny.Uni;

/**
 * The checkout question answered: the request checked, the snapshot taken from this instance's
 * {@link EligibilityCache} or read in one round-trip (settings, status and accounts together), the
 * policy applied, the decision counted and worded. The API's resource and the console's preview
 * both ask here.
 *
 * <p>This is the hot path (tens of thousands of calls a second): validation is by hand, and the
 * whole answer is built synchronously from the cache or in the query's one Mutiny stage.
 */
@Singleton
public class EligibilityService {

    private static final List<PaymentMethod> ALL_METHODS = Arrays.asList(PaymentMethod.values());

    @Inject
    EligibilityQuery query;

    @Inject
    EligibilityMetrics metrics;

    @Inject
    EligibilityCache cache;

    @Inject
    Clock clock;

    /**
     * The checkout's answer, counted in {@code aval_eligibility_decisions_total}.
     *
     * @throws ProblemException 400 VALIDATION_FAILED (thrown, not a failed Uni) for a bad request;
     *         the Uni fails with 404 DISTRIBUTOR_NOT_FOUND for an unknown distributor
     */
    public Uni<EligibilityView> decide(String distributorId, EligibilityRequest request, Messages.Language language) {
        return answer(distributorId, request, language, metrics);
    }

    /**
     * The same answer for someone looking at it (the console) or for the service's own {@link
     * Warmup}, not a checkout: not counted in the checkout's metrics.
     */
    public Uni<EligibilityView> preview(String distributorId, EligibilityRequest request, Messages.Language language) {
        return answer(distributorId, request, language, null);
    }

    private Uni<EligibilityView> answer(
            String distributorId, EligibilityRequest request, Messages.Language language, EligibilityMetrics counted) {
        if (request == null) {
            throw ProblemException.validation("body", "must not be null");
        }
        List<Problem.FieldError> errors = request.violations();
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        Document document = Document.parse(request.documentType(), request.document());
        // an empty list is an omitted one (domain.md §5): generated clients send [] for an unset list
        List<PaymentMethod> methods =
                request.paymentMethods() == null || request.paymentMethods().isEmpty()
                        ? ALL_METHODS
                        : request.paymentMethods().stream().distinct().toList();
        Function<Snapshot, EligibilityView> decide = snapshot -> {
            Decision decision = EligibilityPolicy.decide(snapshot, request.email(), request.cartTotal(), methods);
            if (counted != null) {
                counted.record(decision);
            }
            return EligibilityView.of(document.value(), decision, language);
        };
        Instant now = SystemClock.now(clock);
        Reading cached = cache.get(distributorId, document.value(), now.toEpochMilli());
        if (cached != null) {
            return Uni.createFrom().item(decide.apply(cached.snapshot()));
        }
        long ticket = cache.ticket(distributorId);
        return query.read(distributorId, document.value(), now, reading -> {
            if (reading == null) {
                throw ProblemException.notFound(
                        "DISTRIBUTOR_NOT_FOUND", "distributor '" + distributorId + "' does not exist");
            }
            cache.put(distributorId, document.value(), reading, ticket);
            return decide.apply(reading.snapshot());
        });
    }
}
