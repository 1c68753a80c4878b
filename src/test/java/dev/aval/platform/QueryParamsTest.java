package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class QueryParamsTest {

    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    @Test
    void absentOrBlankIsNull() {
        for (String raw : new String[] {null, "", "  "}) {
            assertNull(QueryParams.enumOf(DocumentType.class, raw, "documentType"));
            assertNull(QueryParams.bool(raw, "overdue"));
            assertNull(QueryParams.date(raw, "dueFrom"));
            assertNull(QueryParams.instantOrDate(raw, "from", SAO_PAULO));
        }
    }

    @Test
    void goodValuesConvert() {
        assertEquals(DocumentType.CNPJ, QueryParams.enumOf(DocumentType.class, " CNPJ ", "documentType"));
        assertEquals(Boolean.TRUE, QueryParams.bool("TRUE", "overdue"));
        assertEquals(Boolean.FALSE, QueryParams.bool(" false", "overdue"));
        assertEquals(LocalDate.of(2026, 12, 22), QueryParams.date("2026-12-22", "dueFrom"));
        assertEquals(Instant.parse("2026-11-22T03:00:00Z"), QueryParams.instantOrDate("2026-11-22", "from", SAO_PAULO));
        assertEquals(
                Instant.parse("2026-11-22T10:15:30Z"),
                QueryParams.instantOrDate("2026-11-22T07:15:30-03:00", "from", SAO_PAULO));
    }

    @Test
    void badValuesAre400NamingTheParameter() {
        refused(
                () -> QueryParams.enumOf(DocumentType.class, "cpf", "documentType"),
                "documentType",
                "must be one of [CPF, CNPJ, OTHER]");
        refused(
                () -> QueryParams.requiredEnumOf(DocumentType.class, null, "mode"),
                "mode",
                "must be one of [CPF, CNPJ, OTHER]");
        refused(() -> QueryParams.bool("yes", "dryRun"), "dryRun", "must be true or false");
        refused(() -> QueryParams.date("22/12/2026", "dueTo"), "dueTo", "must be an ISO-8601 date (2026-12-22)");
        refused(
                () -> QueryParams.instantOrDate("yesterday", "to", SAO_PAULO),
                "to",
                "must be an ISO-8601 instant (2026-11-22T10:15:30Z) or date (2026-11-22)");
    }

    private static void refused(Executable conversion, String field, String message) {
        Problem problem = assertThrows(ProblemException.class, conversion).toProblem();
        assertEquals(400, problem.status());
        assertEquals("VALIDATION_FAILED", problem.code());
        assertEquals(field, problem.errors().get(0).field());
        assertEquals(message, problem.errors().get(0).message());
    }
}
