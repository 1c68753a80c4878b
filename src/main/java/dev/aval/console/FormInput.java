package dev.aval.console;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.validation.ConstraintViolation;

import dev.aval.platform.Amounts;
import dev.aval.platform.Problem;
import dev.aval.platform.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Turns what people type into what the API takes — money the Brazilian way ({@code 1.234,56}),
 * tolerance as a percentage — and the API's refusals back into messages next to their fields.
 */
final class FormInput {

    private FormInput() {}

    private static final DateTimeFormatter BRAZILIAN_DATE =
            DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);

    /**
     * A typed date: what a date input sends (2026-11-22) or, typed by hand or without one,
     * 22/11/2026; null when blank.
     *
     * @throws java.time.format.DateTimeParseException when it is neither
     */
    static LocalDate date(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        String value = typed.strip();
        return value.contains("/") ? LocalDate.parse(value, BRAZILIAN_DATE) : LocalDate.parse(value);
    }

    /**
     * An amount as people type it ({@link Amounts.Convention#TYPED}): {@code 1.234,56}, {@code 1234,56},
     * {@code 1.234} (pt-BR, the console's way), {@code 1234.56}, or {@code 1,234.56} (a number copied
     * from an English sheet); what fits both groupings ({@code 1,000}) or neither is refused, never
     * guessed; null when blank.
     *
     * @throws NumberFormatException when it is not such an amount
     */
    static BigDecimal money(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        BigDecimal amount = Amounts.parse(typed, Amounts.Convention.TYPED);
        if (amount == null) {
            throw new NumberFormatException("not an amount: " + typed.length() + " characters");
        }
        return amount;
    }

    /** {@code 10} or {@code 12,5} (percent) as the fraction the API takes ({@code 0.10}, {@code 0.125}). */
    static BigDecimal percent(String typed) {
        BigDecimal value = money(typed == null ? null : typed.replace("%", ""));
        return value == null ? null : value.movePointLeft(2);
    }

    /**
     * A tolerance typed as a percentage and refused by the API's rule on the fraction is explained in
     * percent, as it was typed (NOVO and the account's edit form).
     */
    static void inPercent(Map<String, String> errors, BigDecimal fraction) {
        if (errors.containsKey("tolerance") && fraction != null) {
            errors.put("tolerance", "must be a percentage between 0 and 100 with at most 2 decimals");
        }
    }

    /** The messages in the language of the page being answered (pt-BR unless English was chosen). */
    static Map<String, String> inPagesLanguage(Map<String, String> errors) {
        Map<String, String> said = new LinkedHashMap<>();
        errors.forEach((field, message) -> said.put(field, inPagesLanguage(message)));
        return said;
    }

    /** An API message in the language of the page being answered. */
    static String inPagesLanguage(String message) {
        var page = io.quarkus.arc.Arc.container().requestContext().isActive()
                ? io.quarkus.arc.Arc.container().instance(PageContext.class).get()
                : null;
        if (page == null) {
            return message;
        }
        return page.english() ? ApiMessages.english(message) : ApiMessages.portuguese(message);
    }

    /** Field name → message, from a Bean Validation result. */
    static Map<String, String> errors(java.util.Set<? extends ConstraintViolation<?>> violations) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (ConstraintViolation<?> v : violations) {
            String path = v.getPropertyPath().toString();
            errors.putIfAbsent(path.substring(path.lastIndexOf('.') + 1), v.getMessage());
        }
        return inPagesLanguage(errors);
    }

    /** Field name → message of a refusal; a refusal naming no field under {@code ""}. */
    static Map<String, String> errors(ProblemException problem) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<Problem.FieldError> fields = problem.toProblem().errors() == null
                ? new ArrayList<>()
                : problem.toProblem().errors();
        for (Problem.FieldError e : fields) {
            errors.putIfAbsent(e.field(), e.message());
        }
        if (errors.isEmpty()) {
            errors.put("", problem.getMessage());
        }
        return inPagesLanguage(errors);
    }

    /** A refusal a one-time key replays (the form sent again: F5, back): the problem its body carries. */
    static ProblemException replayed(
            com.fasterxml.jackson.databind.ObjectMapper json, jakarta.ws.rs.core.Response answer) {
        try {
            Problem problem = json.readValue((byte[]) answer.getEntity(), Problem.class);
            return new ProblemException(
                    answer.getStatus(),
                    problem.code(),
                    problem.title(),
                    problem.detail(),
                    problem.errors() == null ? List.of() : problem.errors(),
                    Map.of());
        } catch (java.io.IOException | RuntimeException e) {
            return new ProblemException(answer.getStatus(), "REFUSED", "Refused", "HTTP " + answer.getStatus());
        }
    }

    /**
     * Sends a form's write under its one-time key: a second sending (a double click) while the
     * first is still being written waits for the first one's answer, which the same key replays,
     * instead of telling the analyst to try again (which would write twice).
     */
    static <T> Uni<T> once(Supplier<Uni<? extends T>> send) {
        return Uni.createFrom()
                .deferred(send)
                .onFailure(e -> e instanceof ProblemException p && "IDEMPOTENCY_KEY_IN_USE".equals(p.code()))
                .retry()
                .withBackOff(Duration.ofMillis(50), Duration.ofMillis(500))
                .atMost(10);
    }
}
