package dev.aval.imports;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import dev.aval.support.Sql;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@AvalTest
class ImportResourceTest {

    static final String HEADER = "documentType,document,email,creditLimit,tolerance\n";

    @Inject
    Pool pool;

    /** A distributor with an INTEGRATION key; {@code keyId} is what imports record as actor. */
    record Tenant(String id, String key, String keyId) {
        static Tenant create() {
            String id = newDistributor();
            JsonPath issued = admin().body(Map.of("name", "integration", "role", "INTEGRATION"))
                    .post("/v1/distributors/" + id + "/api-keys")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            return new Tenant(id, issued.getString("key"), issued.getString("id"));
        }

        String imports() {
            return "/v1/distributors/" + id + "/credit-accounts/imports";
        }
    }

    private static Response upload(Tenant t, String mode, byte[] body, String query) {
        return given().header("Authorization", "Bearer " + t.key())
                .contentType("text/csv")
                .body(body)
                .post(t.imports() + "?mode=" + mode + query);
    }

    /** Uploads a UTF-8 CSV and waits for the job to end. */
    private static JsonPath importCsv(Tenant t, String mode, String csv) {
        return importBytes(t, mode, csv.getBytes(StandardCharsets.UTF_8), "");
    }

    private static JsonPath importBytes(Tenant t, String mode, byte[] body, String query) {
        Response accepted = upload(t, mode, body, query);
        accepted.then().statusCode(202).body("status", equalTo("QUEUED"));
        String id = accepted.path("id");
        assertTrue(accepted.header("Location").endsWith(t.imports() + "/" + id), accepted.header("Location"));
        return await(t, id);
    }

    private static JsonPath await(Tenant t, String id) {
        return Awaitility.await("import " + id + " ending")
                .atMost(TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> given().header("Authorization", "Bearer " + t.key())
                                .get(t.imports() + "/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        job -> job.getString("status").equals("COMPLETED")
                                || job.getString("status").equals("FAILED"));
    }

    private static String row(String type, String document, String email, String limit, String tolerance) {
        return String.join(",", type, document, email, limit, tolerance) + "\n";
    }

    private List<Row> rows(String sql, Object... params) {
        return Sql.rows(pool, sql, params);
    }

    private Row account(Tenant t, String document) {
        List<Row> found = rows(
                "select * from credit_account where distributor_id = $1 and document = $2 and status = 'OPEN'",
                t.id(),
                document);
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Row> statement(Row account) {
        return rows(
                "select * from credit_statement_entry where account_id = $1 order by occurred_at, type desc",
                account.getUUID("id"));
    }

    @Test
    void templateIsTheHeaderAndOneExampleRowThatImports() {
        Tenant t = Tenant.create();
        String template = given().header("Authorization", "Bearer " + t.key())
                .get(t.imports() + "/template")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();
        String[] lines = template.split("\r\n");
        assertEquals("documentType,document,email,creditLimit,tolerance", lines[0]);
        assertEquals(2, lines.length);
        JsonPath job = importCsv(t, "CREATE", template);
        assertEquals(1, job.getInt("createdCount"), job.prettify());
    }

    @Test
    void createOpensValidRowsAndReportsEachBadRowByLine() {
        Tenant t = Tenant.create();
        String a = newCpf();
        String b = newCpf();
        String csv = HEADER
                + row("CPF", a, "a@cliente.com.br", "1500.00", "0.1") // 2 ok
                + row("", "123.456.789-00", "x@y.com", "10", "") // 3 bad check digits
                + row("CPF", newCpf(), "not-an-email", "10", "") // 4 bad email
                + row("CPF", newCpf(), "c@d.com", "10.001", "") // 5 three decimals
                + row("CPF", newCpf(), "c@d.com", "-1", "") // 6 negative
                + row("CPF", newCpf(), "c@d.com", "1", "1.5") // 7 tolerance > 1
                + row("CPF", newCpf(), "c@d.com", "1", "0.12345") // 8 tolerance 5 decimals
                + row("BOLETO", newCpf(), "c@d.com", "1", "") // 9 unknown type
                + row("", b, "b@cliente.com.br", "200", "") // 10 ok, inferred CPF
                + row("CPF", a, "again@cliente.com.br", "1", ""); // 11 duplicate of line 2
        JsonPath job = importCsv(t, "CREATE", csv);
        assertEquals("COMPLETED", job.getString("status"));
        assertEquals(10, job.getInt("totalRows"));
        assertEquals(10, job.getInt("processedRows"));
        assertEquals(2, job.getInt("createdCount"));
        assertEquals(8, job.getInt("failedCount"));
        assertEquals(t.keyId(), job.getString("actor"));

        JsonPath errors = failedRows(t, job);
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 11), errors.getList("items.line"));
        assertEquals(List.of("document"), errors.getList("items[0].errors.field"));
        assertEquals(List.of("email"), errors.getList("items[1].errors.field"));
        assertEquals(List.of("creditLimit"), errors.getList("items[2].errors.field"));
        assertEquals(List.of("creditLimit"), errors.getList("items[3].errors.field"));
        assertEquals(List.of("tolerance"), errors.getList("items[4].errors.field"));
        assertEquals(List.of("tolerance"), errors.getList("items[5].errors.field"));
        assertEquals(List.of("documentType"), errors.getList("items[6].errors.field"));
        assertEquals(a, errors.getString("items[7].document"));
        assertTrue(errors.getString("items[7].errors[0].message").contains("more than once"));

        Row opened = account(t, a);
        assertEquals(new BigDecimal("1500.00"), opened.getBigDecimal("credit_limit"));
        assertEquals(new BigDecimal("0.1000"), opened.getBigDecimal("tolerance"));
        assertEquals("a@cliente.com.br", opened.getString("email"));
        List<Row> entries = statement(opened);
        assertEquals(1, entries.size());
        assertEquals("OPENED", entries.get(0).getString("type"));
        assertEquals(new BigDecimal("1500.00"), entries.get(0).getBigDecimal("amount"));
        assertEquals("import:" + job.getString("id"), entries.get(0).getString("reference"));
        assertEquals(t.keyId(), entries.get(0).getString("actor"));
        assertEquals("CPF", account(t, b).getString("document_type"));
        assertEquals(new BigDecimal("0.0000"), account(t, b).getBigDecimal("tolerance"));
    }

    @Test
    void emailIsValidatedExactlyAsTheApiValidatesIt() {
        Tenant t = Tenant.create();
        String withoutDomainDot = newCpf();
        String good = newCpf();
        String longOne = newCpf();
        String tooLong = "a".repeat(250) + "@x.com";
        // the API refuses an address without a dot in its domain
        given().header("Authorization", "Bearer " + t.key())
                .contentType("application/json")
                .body(Map.of("document", newCpf(), "email", "compras@cliente", "creditLimit", "1.00"))
                .post("/v1/distributors/" + t.id() + "/credit-accounts")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("email"));
        JsonPath job = importCsv(
                t,
                "CREATE",
                HEADER
                        + row("CPF", withoutDomainDot, "compras@cliente", "1", "") // 2
                        + row("CPF", good, "compras@cliente.com.br", "1", "") // 3
                        + row("CPF", longOne, tooLong, "1", "") // 4
                        + row("CPF", newCpf(), "", "1", "")); // 5
        assertEquals(1, job.getInt("createdCount"), job.prettify());
        JsonPath errors = failedRows(t, job);
        assertEquals(List.of(2, 4, 5), errors.getList("items.line"));
        assertEquals(List.of("must be a well-formed email address"), errors.getList("items[0].errors.message"));
        assertEquals(
                List.of("email"),
                errors.getList("items[1].errors.field").stream().distinct().toList());
        assertTrue(
                errors.getList("items[1].errors.message").contains("size must be between 0 and 254"),
                errors.prettify());
        assertEquals(List.of("must not be blank"), errors.getList("items[2].errors.message"));
        assertEquals(null, account(t, withoutDomainDot));
        assertEquals("compras@cliente.com.br", account(t, good).getString("email"));
    }

    @Test
    void amountsAreRefusedWithTheApisOwnConstraintsAndWords() {
        Tenant t = Tenant.create();
        JsonPath job = importCsv(
                t,
                "CREATE",
                HEADER
                        + row("CPF", newCpf(), "a@cliente.com.br", "1", "10") // 2: tolerance as a percentage
                        + row("CPF", newCpf(), "a@cliente.com.br", "1", "0.12345") // 3
                        + row("CPF", newCpf(), "a@cliente.com.br", "1000000000000", "") // 4
                        + row("CPF", newCpf(), "a@cliente.com.br", "1.001", "") // 5
                        + row("CPF", newCpf(), "a@cliente.com.br", "1", "1")); // 6: 100% is allowed
        assertEquals(1, job.getInt("createdCount"), job.prettify());
        JsonPath errors = failedRows(t, job);
        String tolerance = "must be a fraction between 0 and 1 with at most 4 decimals";
        assertEquals(List.of(2, 3, 4, 5), errors.getList("items.line"));
        assertEquals(List.of(tolerance), errors.getList("items[0].errors.message"));
        assertEquals(List.of(tolerance), errors.getList("items[1].errors.message"));
        assertEquals(List.of("must be at most 999999999999.99"), errors.getList("items[2].errors.message"));
        assertEquals(List.of("must have at most 2 decimals"), errors.getList("items[3].errors.message"));
        // the very words the API answers for the same tolerance
        given().header("Authorization", "Bearer " + t.key())
                .contentType("application/json")
                .body(Map.of("document", newCpf(), "email", "a@cliente.com.br", "creditLimit", 1, "tolerance", 10))
                .post("/v1/distributors/" + t.id() + "/credit-accounts")
                .then()
                .statusCode(400)
                .body("errors.message", hasItem(tolerance));
    }

    @Test
    void aDocumentMetInARowWithAnotherErrorMakesItsLaterRowADuplicate() {
        Tenant t = Tenant.create();
        String a = newCpf();
        String b = newCpf();
        String formattedB =
                b.substring(0, 3) + "." + b.substring(3, 6) + "." + b.substring(6, 9) + "-" + b.substring(9);
        JsonPath job = importCsv(
                t,
                "CREATE",
                HEADER
                        + row("CPF", a, "not-an-email", "1", "") // 2 bad email: a is met all the same
                        + row("CPF", a, "a@cliente.com.br", "1", "") // 3 duplicate of line 2
                        + row("CPF", b, "b@cliente.com.br", "1", "") // 4 ok
                        + row(
                                "CPF",
                                "\"" + formattedB + "\"",
                                "b@x.com",
                                "-1",
                                "")); // 5 duplicate (formatted) and negative
        assertEquals(1, job.getInt("createdCount"), job.prettify());
        assertEquals(3, job.getInt("failedCount"));
        JsonPath errors = failedRows(t, job);
        assertEquals(List.of(2, 3, 5), errors.getList("items.line"));
        assertEquals(List.of("email"), errors.getList("items[0].errors.field"));
        assertEquals(List.of("document"), errors.getList("items[1].errors.field"));
        assertTrue(errors.getString("items[1].errors[0].message").contains("more than once"), errors.prettify());
        assertEquals(List.of("document", "creditLimit"), errors.getList("items[2].errors.field"));
        assertEquals(b, errors.getString("items[2].document"));
        assertEquals(null, account(t, a), "no row of a document given twice is applied");
        assertEquals("b@cliente.com.br", account(t, b).getString("email"));
    }

    @Test
    void aDocumentMetInARowWithAnUnknownTypeMakesItsLaterRowADuplicate() {
        Tenant t = Tenant.create();
        String a = newCpf();
        JsonPath job = importCsv(
                t,
                "CREATE",
                HEADER
                        + row("XYZ", a, "a@cliente.com.br", "1", "") // 2 unknown type: a is met all the same
                        + row("CPF", a, "a@cliente.com.br", "1", "")); // 3 duplicate of line 2
        assertEquals(0, job.getInt("createdCount"), job.prettify());
        JsonPath errors = failedRows(t, job);
        assertEquals(List.of(2, 3), errors.getList("items.line"));
        assertEquals(List.of("documentType"), errors.getList("items[0].errors.field"));
        assertTrue(errors.getString("items[1].errors[0].message").contains("more than once"), errors.prettify());
        assertEquals(null, account(t, a), "no row of a document given twice is applied");
    }

    @Test
    void aDocumentMetInAnEarlierChunkIsADuplicateAndTheJobForgetsWhatItMetWhenItEnds() {
        Tenant t = Tenant.create();
        String first = newCpf();
        StringBuilder csv = new StringBuilder(HEADER).append(row("CPF", first, "a@cliente.com.br", "1", ""));
        for (int i = 0; i < 60; i++) { // chunks of 50: line 63 is in the second one
            csv.append(row("CPF", newCpf(), "c" + i + "@cliente.com.br", "1", ""));
        }
        csv.append(row("CPF", first, "again@cliente.com.br", "1", "")); // 63 duplicate of line 2
        csv.append(row("CPF", newCpf(), "n@cliente.com.br", "1".repeat(22) + ".00", "")); // 64 a 25-character number
        csv.append(row("CPF", newCpf(), "x".repeat(321), "1", "")); // 65 a 321-character cell
        JsonPath job = importCsv(t, "CREATE", csv.toString());
        assertEquals(61, job.getInt("createdCount"), job.prettify());
        assertEquals(3, job.getInt("failedCount"));
        JsonPath errors = failedRows(t, job);
        assertEquals(List.of(63, 64, 65), errors.getList("items.line"));
        assertEquals("appears more than once in this file", errors.getString("items[0].errors[0].message"));
        assertEquals("must be a number of at most 24 characters", errors.getString("items[1].errors[0].message"));
        assertEquals("email", errors.getString("items[2].errors[0].field"));
        assertEquals("is longer than 320 characters", errors.getString("items[2].errors[0].message"));
        assertEquals("a@cliente.com.br", account(t, first).getString("email"));
        assertEquals(
                0L,
                Sql.count(
                        pool,
                        "select count(*) from credit_import_document where import_id = $1",
                        java.util.UUID.fromString(job.getString("id"))),
                "the documents met are forgotten");
    }

    @Test
    void upsertRerunOfTheSameFileReportsEveryRowUnchanged() {
        Tenant t = Tenant.create();
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 120; i++) { // several chunks of 50
            csv.append(row("CPF", newCpf(), "c" + i + "@cliente.com.br", i + ".50", "0.25"));
        }
        JsonPath first = importCsv(t, "UPSERT", csv.toString());
        assertEquals(120, first.getInt("createdCount"), first.prettify());
        JsonPath again = importCsv(t, "UPSERT", csv.toString());
        assertEquals(120, again.getInt("unchangedCount"), again.prettify());
        assertEquals(0, again.getInt("createdCount") + again.getInt("updatedCount") + again.getInt("failedCount"));
        assertEquals(
                120L,
                Sql.count(
                        pool,
                        "select count(*) from credit_statement_entry e join credit_account a on a.id = e.account_id"
                                + " where a.distributor_id = $1",
                        t.id()));
    }

    @Test
    void updateChangesLimitToleranceAndEmailWithStatementEntriesAndOneVersionEach() {
        Tenant t = Tenant.create();
        String a = newCpf();
        String b = newCpf();
        String c = newCpf();
        importCsv(
                t,
                "CREATE",
                HEADER
                        + row("CPF", a, "a@x.com", "1000.00", "0.1")
                        + row("CPF", b, "b@x.com", "500", "0.2")
                        + row("CPF", c, "c@x.com", "10", ""));
        JsonPath job = importCsv(
                t,
                "UPDATE",
                HEADER
                        + row("CPF", a, "a@x.com", "1500.00", "0.2") // limit and tolerance
                        + row("CPF", b, "new-b@x.com", "500.00", "") // email only, tolerance kept
                        + row("CPF", c, "c@x.com", "10.00", "0") // unchanged
                        + row("CPF", newCpf(), "d@x.com", "1", "")); // no account
        assertEquals(2, job.getInt("updatedCount"), job.prettify());
        assertEquals(1, job.getInt("unchangedCount"));
        assertEquals(1, job.getInt("failedCount"));

        Row accountA = account(t, a);
        assertEquals(new BigDecimal("1500.00"), accountA.getBigDecimal("credit_limit"));
        assertEquals(2L, accountA.getLong("version"));
        List<Row> entries = statement(accountA);
        assertEquals(
                List.of("OPENED", "TOLERANCE_CHANGED", "LIMIT_CHANGED"),
                entries.stream().map(r -> r.getString("type")).toList());
        Row limit = entries.stream()
                .filter(r -> r.getString("type").equals("LIMIT_CHANGED"))
                .findFirst()
                .orElseThrow();
        assertEquals(new BigDecimal("500.00"), limit.getBigDecimal("amount"));
        assertEquals("creditLimit 1000.00 → 1500.00", limit.getString("reason"));
        assertEquals("import:" + job.getString("id"), limit.getString("reference"));
        Row tolerance = entries.stream()
                .filter(r -> r.getString("type").equals("TOLERANCE_CHANGED"))
                .findFirst()
                .orElseThrow();
        assertEquals(new BigDecimal("0.00"), tolerance.getBigDecimal("amount"));
        assertEquals("tolerance 0.1000 → 0.2000", tolerance.getString("reason"));

        Row accountB = account(t, b);
        assertEquals("new-b@x.com", accountB.getString("email"));
        assertEquals(new BigDecimal("0.2000"), accountB.getBigDecimal("tolerance"));
        assertEquals(2L, accountB.getLong("version"));
        assertEquals(1, statement(accountB).size(), "an email change writes no statement entry");
        assertEquals(1L, account(t, c).getLong("version"));

        JsonPath errors = given().header("Authorization", "Bearer " + t.key())
                .get(t.imports() + "/" + job.getString("id") + "/errors")
                .then()
                .extract()
                .jsonPath();
        assertEquals(List.of(5), errors.getList("items.line"));
        assertTrue(errors.getString("items[0].errors[0].message").contains("no open credit account"));
    }

    @Test
    void anImportedAccountStartsAtTheVersionAndEtagOfAnAccountTheApiOpens() {
        Tenant t = Tenant.create();
        String imported = newCpf();
        importCsv(t, "CREATE", HEADER + row("CPF", imported, "a@x.com", "100", ""));
        String viaApi = given().header("Authorization", "Bearer " + t.key())
                .contentType("application/json")
                .body(Map.of("document", newCpf(), "email", "b@x.com", "creditLimit", "100.00"))
                .post("/v1/distributors/" + t.id() + "/credit-accounts")
                .then()
                .statusCode(201)
                .extract()
                .header("ETag");
        String etag = given().header("Authorization", "Bearer " + t.key())
                .get("/v1/distributors/" + t.id() + "/credit-accounts/"
                        + account(t, imported).getUUID("id"))
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        assertEquals(viaApi, etag);
        assertEquals("\"1\"", etag);
    }

    @Test
    void createOverAnOpenAccountIsARowErrorAndLeavesItAlone() {
        Tenant t = Tenant.create();
        String a = newCpf();
        importCsv(t, "CREATE", HEADER + row("CPF", a, "a@x.com", "100", ""));
        JsonPath job = importCsv(t, "CREATE", HEADER + row("CPF", a, "a@x.com", "999", ""));
        assertEquals(1, job.getInt("failedCount"));
        assertEquals(new BigDecimal("100.00"), account(t, a).getBigDecimal("credit_limit"));
    }

    @Test
    void dryRunCountsWhatWouldHappenAndChangesNothing() {
        Tenant t = Tenant.create();
        String a = newCpf();
        importCsv(t, "CREATE", HEADER + row("CPF", a, "a@x.com", "100", ""));
        String b = newCpf();
        JsonPath job = importBytes(
                t,
                "UPSERT",
                (HEADER
                                + row("CPF", a, "a@x.com", "200", "")
                                + row("CPF", b, "b@x.com", "1", "")
                                + row("CPF", "1", "b@x.com", "1", ""))
                        .getBytes(StandardCharsets.UTF_8),
                "&dryRun=true");
        assertEquals(true, job.getBoolean("dryRun"));
        assertEquals(1, job.getInt("createdCount"), job.prettify());
        assertEquals(1, job.getInt("updatedCount"));
        assertEquals(1, job.getInt("failedCount"));
        assertEquals(new BigDecimal("100.00"), account(t, a).getBigDecimal("credit_limit"));
        assertEquals(null, account(t, b));
    }

    @Test
    void semicolonWindows1252FileWithDecimalCommaAndQuotesImports() {
        Tenant t = Tenant.create();
        String a = newCpf();
        String b = newCpf();
        String csv = "Document Type;Document;Email;Credit limit;Tolerance rate\r\n"
                + "CPF;\"" + a.substring(0, 3) + "." + a.substring(3, 6) + "." + a.substring(6, 9) + "-"
                + a.substring(9)
                + "\";jos\u00e9@cliente.com.br;\"1.234,56\";0,15\r\n"
                + "CPF;" + b + ";b@x.com;1234,5;\r\n"
                + "\r\n\r\n";
        JsonPath job = importBytes(t, "CREATE", csv.getBytes(Charset.forName("windows-1252")), "");
        assertEquals(2, job.getInt("createdCount"), job.prettify());
        assertEquals(2, job.getInt("totalRows"));
        assertEquals(new BigDecimal("1234.56"), account(t, a).getBigDecimal("credit_limit"));
        assertEquals(new BigDecimal("0.1500"), account(t, a).getBigDecimal("tolerance"));
        assertEquals("jos\u00e9@cliente.com.br", account(t, a).getString("email"));
        assertEquals(new BigDecimal("1234.50"), account(t, b).getBigDecimal("credit_limit"));
    }

    @Test
    void aToleranceColumnFormattedAsAPercentageImportsAsTheFraction() {
        Tenant t = Tenant.create();
        String[] documents = {newCpf(), newCpf(), newCpf(), newCpf(), newCpf(), newCpf()};
        String csv = "Document Type;Document;Email;Credit limit;Tolerance rate\r\n"
                + "CPF;" + documents[0] + ";a@x.com;1.000,00;10%\r\n" // 2
                + "CPF;" + documents[1] + ";a@x.com;1.000,00;12,5 %\r\n" // 3
                + "CPF;" + documents[2] + ";a@x.com;1.000,00;10,000%\r\n" // 4: a format's zeros
                + "CPF;" + documents[3] + ";a@x.com;1.000,00;150%\r\n" // 5: over 100%
                + "CPF;" + documents[4] + ";a@x.com;1.000,00;%\r\n" // 6: no number
                + "CPF;" + documents[5] + ";a@x.com;1.000,00;0,001%\r\n"; // 7: 5 decimals as a fraction
        JsonPath job = importBytes(t, "CREATE", csv.getBytes(StandardCharsets.UTF_8), "");
        assertEquals(3, job.getInt("createdCount"), job.prettify());
        assertEquals(new BigDecimal("0.1000"), account(t, documents[0]).getBigDecimal("tolerance"));
        assertEquals(new BigDecimal("0.1250"), account(t, documents[1]).getBigDecimal("tolerance"));
        assertEquals(new BigDecimal("0.1000"), account(t, documents[2]).getBigDecimal("tolerance"));
        JsonPath errors = failedRows(t, job);
        assertEquals(List.of(5, 6, 7), errors.getList("items.line"));
        assertEquals(
                List.of("must be a fraction between 0 and 1 with at most 4 decimals"),
                errors.getList("items[0].errors.message"));
        assertEquals(List.of("must be a number (e.g. 1.234,56)"), errors.getList("items[1].errors.message"));
        assertEquals(
                List.of("must be a fraction between 0 and 1 with at most 4 decimals"),
                errors.getList("items[2].errors.message"));
    }

    @Test
    void utf8WithBomAndCrlfImports() {
        Tenant t = Tenant.create();
        String a = newCpf();
        byte[] body = ("\uFEFF" + HEADER.replace("\n", "\r\n") + "CPF," + a + ",ação@x.com,10.00,0.0001\r\n")
                .getBytes(StandardCharsets.UTF_8);
        JsonPath job = importBytes(t, "CREATE", body, "");
        assertEquals(1, job.getInt("createdCount"), job.prettify());
        assertEquals("ação@x.com", account(t, a).getString("email"));
    }

    @Test
    void multipartUploadKeepsTheFileName() {
        Tenant t = Tenant.create();
        String id = given().header("Authorization", "Bearer " + t.key())
                .multiPart(
                        "file",
                        "contas-novembro.csv",
                        new ByteArrayInputStream(
                                (HEADER + row("CPF", newCpf(), "a@x.com", "1", "")).getBytes(StandardCharsets.UTF_8)),
                        "text/csv")
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(202)
                .body("fileName", equalTo("contas-novembro.csv"))
                .body("status", equalTo("QUEUED"))
                .extract()
                .path("id");
        JsonPath job = await(t, id);
        assertEquals(1, job.getInt("createdCount"), job.prettify());
        assertEquals("contas-novembro.csv", job.getString("fileName"));
    }

    @Test
    void uploadOverTheLimitIs413WithOrWithoutContentLength() {
        Tenant t = Tenant.create(); // the test profile limits files to 64 KiB
        byte[] big = new byte[70 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        upload(t, "CREATE", big, "")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
        // chunked: no Content-Length, counted while streamed
        given().header("Authorization", "Bearer " + t.key())
                .contentType("text/csv")
                .body(new ByteArrayInputStream(big) {})
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(413)
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
        given().header("Authorization", "Bearer " + t.key())
                .multiPart("file", "big.csv", big, "text/csv")
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(413)
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
        given().header("Authorization", "Bearer " + t.key())
                .get(t.imports())
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void otherTenantsAndWeakerRolesCannotReachImports() {
        Tenant t = Tenant.create();
        Tenant other = Tenant.create();
        String id = importCsv(t, "CREATE", HEADER + row("CPF", newCpf(), "a@x.com", "1", ""))
                .getString("id");
        given().header("Authorization", "Bearer " + other.key())
                .get(t.imports() + "/" + id)
                .then()
                .statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        given().header("Authorization", "Bearer " + other.key())
                .contentType("text/csv")
                .body(HEADER)
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(403);
        given().header("Authorization", "Bearer " + other.key())
                .get(other.imports() + "/" + id)
                .then()
                .statusCode(404)
                .body("code", equalTo("IMPORT_NOT_FOUND"));
        given().header("Authorization", "Bearer " + other.key())
                .get(other.imports() + "/" + id + "/errors")
                .then()
                .statusCode(404)
                .body("code", equalTo("IMPORT_NOT_FOUND"));
        String readOnly = key(t.id(), "READ_ONLY");
        given().header("Authorization", "Bearer " + readOnly)
                .contentType("text/csv")
                .body(HEADER)
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        given().header("Authorization", "Bearer " + readOnly)
                .get(t.imports() + "/" + id)
                .then()
                .statusCode(200);
        given().contentType("text/csv")
                .body(HEADER)
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(401);
    }

    @Test
    void badModeOrDryRunIs400() {
        Tenant t = Tenant.create();
        upload(t, "MERGE", HEADER.getBytes(StandardCharsets.UTF_8), "")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("mode"));
        given().header("Authorization", "Bearer " + t.key())
                .contentType("text/csv")
                .body(HEADER)
                .post(t.imports())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("mode"));
        upload(t, "CREATE", HEADER.getBytes(StandardCharsets.UTF_8), "&dryRun=maybe")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("dryRun"));
    }

    @Test
    void fileWithoutTheExpectedColumnsFails() {
        Tenant t = Tenant.create();
        JsonPath job = importCsv(t, "CREATE", "name,phone\nJoão,1234\n");
        assertEquals("FAILED", job.getString("status"));
        assertTrue(job.getString("failureReason").contains("unknown columns"), job.prettify());
        JsonPath empty = importCsv(t, "CREATE", "");
        assertEquals("FAILED", empty.getString("status"));
    }

    @Test
    void aNulByteInTheHeaderFailsTheJobInsteadOfLeavingItRunning() {
        // PostgreSQL refuses NUL in text: the reason quoting the cell, and the stored header, would
        // not be written and the job would stay RUNNING, its queue slot taken, retried forever
        Tenant t = Tenant.create();
        JsonPath unknown =
                importCsv(t, "CREATE", HEADER.strip() + ",x\u0000y\n" + row("CPF", newCpf(), "a@x.com", "1", ""));
        assertEquals("FAILED", unknown.getString("status"), unknown.prettify());
        assertTrue(unknown.getString("failureReason").contains("unknown columns [x y]"), unknown.prettify());
        // a column's name read with a NUL after it: the header is stored without it, the rows import
        JsonPath known = importCsv(
                t,
                "CREATE",
                "documentType,document\u0000,email,creditLimit,tolerance\n" + row("CPF", newCpf(), "b@x.com", "1", ""));
        assertEquals("COMPLETED", known.getString("status"), known.prettify());
        assertEquals(1, known.getInt("createdCount"), known.prettify());
    }

    @Test
    void aNulByteInTheFileNameIsStoredAsAnUnderscore() {
        Tenant t = Tenant.create();
        String csv = HEADER + row("CPF", newCpf(), "a@x.com", "1", "");
        String body = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''a%00b.csv\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--B--\r\n";
        String id = given().header("Authorization", "Bearer " + t.key())
                .contentType("multipart/form-data; boundary=B")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(202)
                .body("fileName", equalTo("a_b.csv"))
                .extract()
                .path("id");
        assertEquals(1, await(t, id).getInt("createdCount"));
    }

    @Test
    void aFileNameOver255CharactersKeepsItsLast255() {
        Tenant t = Tenant.create();
        String csv = HEADER + row("CPF", newCpf(), "a@x.com", "1", "");
        // 300 characters: a cut at 255 from the end falls inside the emoji's surrogate pair
        String name = "x".repeat(44) + "\uD83D\uDCC4" + "y".repeat(250) + ".csv";
        String kept = "y".repeat(250) + ".csv";
        String body = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8) + "\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--B--\r\n";
        given().header("Authorization", "Bearer " + t.key())
                .contentType("multipart/form-data; boundary=B")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(202)
                .body("fileName", equalTo(kept));
        String exact = "z".repeat(251) + ".csv";
        given().header("Authorization", "Bearer " + t.key())
                .contentType("multipart/form-data; boundary=B")
                .body(body.replace(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8), exact)
                        .getBytes(StandardCharsets.UTF_8))
                .post(t.imports() + "?mode=CREATE&dryRun=true")
                .then()
                .statusCode(202)
                .body("fileName", equalTo(exact));
    }

    @Test
    void failedRowsDownloadAsCsvReadyToFixAndUploadAgain() {
        Tenant t = Tenant.create();
        String good = newCpf();
        String fixable = newCpf();
        String csv = "document;email;creditLimit\n" + good + ";a@x.com;1\n" + fixable
                + ";\"broken, email\";\"1.234,56\"\n" + newCpf() + ";;\"-1\"\n";
        JsonPath job = importCsv(t, "CREATE", csv);
        assertEquals(2, job.getInt("failedCount"));
        String errors = given().header("Authorization", "Bearer " + t.key())
                .accept("text/csv")
                .get(t.imports() + "/" + job.getString("id") + "/errors")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();
        String[] lines = errors.split("\r\n");
        assertEquals("document;email;creditLimit;error", lines[0]);
        assertEquals(fixable + ";broken, email;1.234,56;must be a well-formed email address", lines[1]);
        // quoted: the joined messages contain the file's delimiter
        // quoted: the joined messages contain the file's delimiter; -1 is text for a spreadsheet ('-1)
        assertTrue(lines[2].endsWith(";;'-1;\"must not be blank; must not be negative\""), lines[2]);
        assertEquals(3, lines.length);
        String fixed = errors.replace("broken, email", "fixed@x.com").replace(lines[2] + "\r\n", "");
        JsonPath again = importCsv(t, "CREATE", fixed);
        assertEquals(1, again.getInt("createdCount"), again.prettify());
        assertEquals(new BigDecimal("1234.56"), account(t, fixable).getBigDecimal("credit_limit"));
    }

    @Test
    void theFailedRowsCsvRunsNoFormulaInASpreadsheetAndIsAnAttachment() throws Exception {
        Tenant t = Tenant.create();
        String cpf = newCpf();
        String csv = "document,email,creditLimit\n"
                + cpf + ",=HYPERLINK(\"http://evil.example\"),100\n"
                + "@SUM(1+1),a@x.com,-3\n"
                + "+5511999999999,\"\tb@x.com\",+7\n";
        JsonPath job = importCsv(t, "CREATE", csv);
        assertEquals(3, job.getInt("failedCount"), job.prettify());
        io.restassured.response.Response download = given().header("Authorization", "Bearer " + t.key())
                .accept("text/csv")
                .get(t.imports() + "/" + job.getString("id") + "/errors");
        download.then().statusCode(200).header("Content-Disposition", containsString("attachment"));
        String errors = download.asString();
        // read back as a spreadsheet reads a CSV: no cell may start like a formula
        try (var parser = org.apache.commons.csv.CSVParser.parse(errors, org.apache.commons.csv.CSVFormat.RFC4180)) {
            int rows = 0;
            for (var record : parser) {
                rows++;
                for (String cell : record) {
                    assertTrue(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0, "a formula cell: " + cell);
                }
            }
            assertEquals(4, rows);
        }
        assertTrue(errors.contains("'=HYPERLINK"), errors);
        // fixed and sent back as it is: the leading ' is removed again on upload
        String fixed = errors.replace("'=HYPERLINK(\"\"http://evil.example\"\")", "ok@x.com");
        JsonPath again = importCsv(t, "CREATE", fixed);
        assertEquals(1, again.getInt("createdCount"), fixed + again.prettify());
        assertEquals(2, again.getInt("failedCount"), again.prettify());
    }

    @Test
    void historyIsNewestFirstAndPaged() {
        Tenant t = Tenant.create();
        String first = importCsv(t, "CREATE", HEADER).getString("id");
        String second = importCsv(t, "UPSERT", HEADER).getString("id");
        String third = importCsv(t, "UPDATE", HEADER).getString("id");
        JsonPath page = given().header("Authorization", "Bearer " + t.key())
                .get(t.imports() + "?limit=2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(third, second), page.getList("items.id"));
        given().header("Authorization", "Bearer " + t.key())
                .get(t.imports() + "?limit=2&cursor=" + page.getString("nextCursor"))
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(first)))
                .body("nextCursor", nullValue());
    }

    /** The job's failed rows as the API lists them (its first page). */
    private static JsonPath failedRows(Tenant t, JsonPath job) {
        return given().header("Authorization", "Bearer " + t.key())
                .get(t.imports() + "/" + job.getString("id") + "/errors")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
