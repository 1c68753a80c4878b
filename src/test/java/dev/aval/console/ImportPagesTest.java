package dev.aval.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.http.entity.mime.HttpMultipartMode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.MultiPartConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@AvalTest
class ImportPagesTest {

    static final String TEMPLATE_HEADER = "documentType,document,email,creditLimit,tolerance";

    /** As a spreadsheet exports it: BOM, {@code ;}, decimal comma, CRLF, a blank last line; line 4 is bad. */
    static String spreadsheet(String cpf1, String cpf2, String cpf3) {
        return "\uFEFFdocumentType;document;email;creditLimit;tolerance\r\n"
                + "CPF;" + Formats.doc(cpf1) + ";ana@cliente.com.br;1.500,00;0,1\r\n"
                + "CPF;" + cpf2 + ";bruno@cliente.com.br;2.345,67;0\r\n"
                + "CPF;" + cpf3 + ";carla@cliente.com.br;mil reais;0,05\r\n"
                + "\r\n";
    }

    /** Multipart as browsers send it: the file name in UTF-8 (RestAssured's strict mode sends it as ASCII, é → ?). */
    static final RestAssuredConfig BROWSER = RestAssured.config()
            .httpClient(HttpClientConfig.httpClientConfig().httpMultipartMode(HttpMultipartMode.BROWSER_COMPATIBLE))
            .multiPartConfig(MultiPartConfig.multiPartConfig().defaultCharset("UTF-8"));

    /** Step 2's form posted as the browser does: multipart with the CSRF field, the mode, the box, the file. */
    static Response upload(ConsoleClient client, String mode, boolean dryRun, String fileName, byte[] file) {
        return upload(client, mode, dryRun, fileName, file, null);
    }

    /** The upload form sent, under {@code key} when given (else the form's own one-time key). */
    static Response upload(
            ConsoleClient client, String mode, boolean dryRun, String fileName, byte[] file, String key) {
        Document form = client.page("/console/imports/new?mode=CREATE");
        RequestSpecification spec = client.request()
                .config(BROWSER)
                .multiPart("csrf", ConsoleClient.csrf(form))
                .multiPart(
                        "key",
                        key != null ? key : form.selectFirst("input[name=key]").val())
                .multiPart("mode", mode);
        if (dryRun) {
            spec.multiPart("dryRun", "true");
        }
        if (file != null) {
            spec.multiPart("file", fileName, file, "text/csv");
        }
        return spec.post("/console/imports");
    }

    /** Uploads and follows the redirect to the job: its id. */
    static String uploaded(ConsoleClient client, String mode, boolean dryRun, String fileName, String csv) {
        Response answer = upload(client, mode, dryRun, fileName, csv.getBytes(StandardCharsets.UTF_8));
        answer.then().statusCode(303).header("Location", containsString("/console/imports/"));
        String location = answer.header("Location");
        String path = location.substring(location.indexOf("/console/imports/"));
        assertTrue(path.endsWith("?started=true"), path);
        return path.substring("/console/imports/".length(), path.indexOf('?'));
    }

    /** Polls the progress JSON, as the page's script does, until the job has ended. */
    static JsonPath finished(ConsoleClient client, String importId) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            Response r = client.get("/console/imports/" + importId + "/progress");
                            r.then().statusCode(200).contentType(startsWith("application/json"));
                            return r.jsonPath();
                        },
                        p -> p.getBoolean("finished"));
    }

    static String apiUpload(String distributorId, String key, String csv, String query) {
        return given().header("Authorization", "Bearer " + key)
                .contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/v1/distributors/" + distributorId + "/credit-accounts/imports?mode=CREATE" + query)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    @Test
    void stepOneAsksCreateOrUpdateWithThreeChoices() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        Document page = user.page("/console/imports/new");
        assertEquals(
                "1. Criar ou atualizar",
                page.selectFirst(".steps li[aria-current=step]").text());
        assertEquals(3, page.select(".steps li").size());
        Element form = page.selectFirst("form.wizard");
        assertEquals("get", form.attr("method"));
        assertEquals("/console/imports/new", form.attr("action"));
        assertEquals(
                "Deseja criar ou atualizar contas?", form.selectFirst("legend").text());
        List<String> values = form.select("input[type=radio][name=mode]").eachAttr("value");
        assertEquals(List.of("CREATE", "UPDATE", "UPSERT"), values);
        assertEquals(
                List.of("Criar", "Atualizar", "Criar e atualizar"),
                form.select(".choice strong").eachText());
        assertEquals("CREATE", form.selectFirst("input[name=mode][checked]").attr("value"));
        assertEquals("CONTINUAR", form.selectFirst("button[type=submit]").text());
    }

    @Test
    void stepOneInEnglishWhenTheBrowserPrefersIt() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        Document page = Jsoup.parse(user.request()
                .header("Accept-Language", "en-US,en;q=0.9")
                .get("/console/imports/new")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals(
                "Do you want to create or update accounts?",
                page.selectFirst("legend").text());
        assertEquals(
                List.of("Create", "Update", "Create and update"),
                page.select(".choice strong").eachText());
    }

    @Test
    void stepOneWithoutAValidModeAsksAgain() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        Response answer = user.get("/console/imports/new?mode=");
        answer.then().statusCode(400);
        Document page = Jsoup.parse(answer.asString());
        assertEquals(
                "Escolha criar, atualizar ou criar e atualizar.",
                page.selectFirst(".alert-error[role=alert]").text());
        assertEquals(3, page.select("input[type=radio][name=mode]").size());
    }

    @Test
    void stepTwoOffersTemplateDropZoneDryRunAndImport() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        Document page = user.page("/console/imports/new?mode=UPDATE");
        assertEquals(
                "2. Arquivo", page.selectFirst(".steps li[aria-current=step]").text());
        Element template = page.selectFirst("a[href=/console/imports/template.csv]");
        assertEquals("BAIXAR MODELO", template.text());
        Element form = page.selectFirst("form[action=/console/imports]");
        assertEquals("post", form.attr("method"));
        assertEquals("multipart/form-data", form.attr("enctype"));
        assertEquals(
                ConsoleClient.csrf(page),
                form.selectFirst("input[type=hidden][name=csrf]").attr("value"));
        assertFalse(ConsoleClient.csrf(page).isBlank());
        assertEquals("UPDATE", form.selectFirst("input[type=hidden][name=mode]").attr("value"));
        assertTrue(page.selectFirst(".chosen-mode").text().contains("Atualizar"));
        Element file = form.selectFirst("label.dropzone input[type=file][name=file]");
        assertNotNull(file);
        assertEquals(".csv,text/csv", file.attr("accept"));
        assertEquals(
                "Solte aqui seu CSV ou escolha o arquivo",
                page.getElementById(file.attr("aria-labelledby")).text());
        assertTrue(
                form.selectFirst("#file-hint").text().contains("64 KB"),
                form.selectFirst("#file-hint").text());
        assertEquals(String.valueOf(64 * 1024), form.attr("data-max-bytes"));
        Element dryRun = form.selectFirst("input[type=checkbox][name=dryRun]");
        assertEquals("true", dryRun.attr("value"));
        assertEquals(
                "Apenas validar",
                form.selectFirst("label[for=" + dryRun.id() + "]").text());
        assertEquals("IMPORTAR ARQUIVO", form.selectFirst("button[type=submit]").text());
        assertNotNull(page.selectFirst("script[src=/console/assets/imports.js]"));
        user.get("/console/assets/imports.js").then().statusCode(200);
    }

    @Test
    void templateDownloadOpensAsASpreadsheetAndImportsAsIs() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        Response template = user.get("/console/imports/template.csv");
        template.then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", startsWith("attachment; filename="));
        String body = new String(template.asByteArray(), StandardCharsets.UTF_8);
        // what a pt-BR Excel opens in columns: a BOM, ';' and a decimal comma
        assertTrue(body.startsWith("\uFEFFdocumentType;document;email;creditLimit;tolerance\r\n"), body);
        assertEquals(2, body.split("\r\n").length);
        // filled in and sent back as it is, it imports
        String id = uploaded(user, "CREATE", false, "modelo-contas.csv", body);
        JsonPath done = finished(user, id);
        assertEquals("COMPLETED", done.getString("status"));
        assertEquals(1, done.getInt("created"), done.prettify());
        assertEquals(0, done.getInt("failed"));
        // the tolerance as the console shows it everywhere, a percentage (a sheet keeps the cell's "10%")
        assertTrue(body.endsWith(";1.500,00;10%\r\n"), body);
        assertEquals(
                "10%",
                user.page("/console/accounts?q=123.456.789-09")
                        .selectFirst("tbody td:nth-child(5)")
                        .text());
        // in English, the API's template
        String english = user.request()
                .cookie("aval-lang", "en")
                .get("/console/imports/template.csv")
                .asString();
        assertTrue(english.startsWith(TEMPLATE_HEADER + "\r\n"), english);
    }

    @Test
    void spreadsheetCsvImportRunsToCompletionAndListsItsFailedRow() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        String cpf3 = Api.newCpf();
        String id =
                uploaded(user, "CREATE", false, "clientes março.csv", spreadsheet(Api.newCpf(), Api.newCpf(), cpf3));

        Document running = user.page("/console/imports/" + id + "?started=true");
        assertEquals(
                "3. Importação",
                running.selectFirst(".steps li[aria-current=step]").text());
        Element job = running.selectFirst("[data-progress-url]");
        assertEquals("/console/imports/" + id + "/progress", job.attr("data-progress-url"));
        assertNotNull(job.selectFirst(".progress[role=progressbar][data-percent] > span"));
        // the status is announced when it changes; the counts, rewritten at every poll, are not
        assertEquals("status", job.selectFirst("#job-status").attr("role"));
        assertFalse(job.selectFirst(".counts").hasAttr("aria-live"));

        JsonPath progress = finished(user, id);
        assertEquals("COMPLETED", progress.getString("status"));
        assertEquals("Concluída", progress.getString("statusLabel"));
        assertEquals(3, progress.getInt("total"));
        assertEquals(3, progress.getInt("processed"));
        assertEquals(2, progress.getInt("created"));
        assertEquals(0, progress.getInt("updated"));
        assertEquals(0, progress.getInt("unchanged"));
        assertEquals(1, progress.getInt("failed"));
        assertEquals(100.0, progress.getDouble("percent"));
        assertEquals("3 de 3 linhas (100%)", progress.getString("text"));

        Document done = user.page("/console/imports/" + id);
        assertNull(done.selectFirst(".steps"), "the wizard's steps only right after the upload");
        assertEquals("true", done.selectFirst("[data-progress-url]").attr("data-finished"));
        assertEquals("Concluída", done.selectFirst("#job-status").text());
        assertTrue(done.selectFirst("#job-status").hasClass("badge-COMPLETED"));
        assertEquals("100", done.selectFirst(".progress").attr("data-percent"));
        assertEquals("100", done.selectFirst(".progress").attr("data-step"), "filled without the script too");
        assertEquals("2", done.selectFirst("[data-count=created]").text());
        assertEquals("1", done.selectFirst("[data-count=failed]").text());
        assertEquals("3", done.selectFirst("[data-count=total]").text());
        assertNull(done.selectFirst("a.refresh"), "nothing left to refresh");
        String facts = done.selectFirst("dl.facts").text();
        assertTrue(facts.contains("Arquivo clientes março.csv"), facts);
        assertTrue(facts.contains("Enviado por Ana OPERATOR"), facts);
        assertTrue(facts.contains("Modo Criar"), facts);

        List<Element> rows = done.select(".failed-rows tbody tr");
        assertEquals(1, rows.size());
        assertEquals("4", rows.get(0).child(0).text());
        // as the file has it (found there as typed; a foreign document is never punctuated as a CPF)
        assertEquals(cpf3, rows.get(0).child(1).text());
        assertEquals(
                "Limite de crédito deve ser um número, como 1.234,56",
                rows.get(0).child(2).text());
        assertEquals(
                "Baixar linhas com erro (CSV)",
                done.selectFirst("a[href=/console/imports/" + id + "/errors.csv]")
                        .text());
    }

    @Test
    void theSameFormSentTwiceStartsOneJob() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        String key = java.util.UUID.randomUUID().toString();
        byte[] csv = spreadsheet(Api.newCpf(), Api.newCpf(), Api.newCpf()).getBytes(StandardCharsets.UTF_8);
        Response first = upload(user, "CREATE", false, "duas-vezes.csv", csv, key);
        Response second = upload(user, "CREATE", false, "duas-vezes.csv", csv, key);
        first.then().statusCode(303);
        second.then().statusCode(303);
        assertEquals(first.header("Location"), second.header("Location"), "the second sending opens the first job");
        assertEquals(1, user.page("/console/imports").select("tbody tr").size());
        // back, another file, the same form: told, nothing started
        Response other = upload(
                user,
                "CREATE",
                false,
                "outro.csv",
                spreadsheet(Api.newCpf(), Api.newCpf(), Api.newCpf()).getBytes(StandardCharsets.UTF_8),
                key);
        other.then().statusCode(422);
        assertTrue(
                Jsoup.parse(other.asString()).text().contains("este formulário já foi enviado com outro arquivo"),
                other.asString());
        assertEquals(1, user.page("/console/imports").select("tbody tr").size());
    }

    @Test
    void fileThatCannotBeReadEndsFailedWithItsReason() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        String id = uploaded(user, "UPDATE", false, "planilha errada.csv", "nome;idade\r\nAna;30\r\n");
        assertEquals("FAILED", finished(user, id).getString("status"));

        Document page = user.page("/console/imports/" + id);
        assertEquals("Falhou", page.selectFirst("#job-status").text());
        assertTrue(page.selectFirst("#job-status").hasClass("badge-FAILED"));
        String alert = page.selectFirst(".alert-error[role=alert]").text();
        assertEquals(
                "O arquivo não pôde ser processado: colunas desconhecidas [nome, idade]; esperado:"
                        + " documentType,document,email,creditLimit,tolerance",
                alert);
        assertNull(page.selectFirst(".failed-rows table"));
        assertTrue(page.select("a[href$=errors.csv]").isEmpty(), "no failed rows to download");
        Element row = user.page("/console/imports").selectFirst("tbody tr");
        assertEquals("Falhou", row.selectFirst(".badge-FAILED").text());
    }

    @Test
    void theFailedRowsAreNamedAfterTheUploadedFileSafely() {
        assertEquals(
                "attachment; filename=\"Clientes de marco-erros.csv\"; filename*=UTF-8''Clientes%20de%20mar%C3%A7o-erros.csv",
                ImportsPage.failedRowsAttachment("Clientes de março.CSV", "-erros.csv"));
        // a browser's fake path, quotes and control characters never reach the header as they are
        assertEquals(
                "attachment; filename=\"a_b_-erros.csv\"; filename*=UTF-8''a%22b%3B-erros.csv",
                ImportsPage.failedRowsAttachment("C:\\fakepath\\a\"b;\r\n.csv", "-erros.csv"));
        assertEquals(
                "attachment; filename=\"import-errors.csv\"; filename*=UTF-8''import-errors.csv",
                ImportsPage.failedRowsAttachment(null, "-errors.csv"));
        assertEquals(
                "attachment; filename=\"contas-erros.csv\"; filename*=UTF-8''contas-erros.csv",
                ImportsPage.failedRowsAttachment("contas .csv", "-erros.csv"));
        // a long name is cut between characters, never inside one
        String cut = ImportsPage.failedRowsAttachment("\uD83D\uDCC8".repeat(200) + ".csv", "-erros.csv");
        assertTrue(cut.endsWith(("%F0%9F%93%88".repeat(150)) + "-erros.csv"), cut);
    }

    @Test
    void errorCsvDownloadsTheFailedRowsWithTheErrorColumn() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        String distributor = user.distributorId;
        String cpf3 = Api.newCpf();
        ConsoleClient operator = ConsoleClient.signedIn(distributor, "OPERATOR");
        String id = uploaded(operator, "CREATE", false, "contas.csv", spreadsheet(Api.newCpf(), Api.newCpf(), cpf3));
        finished(operator, id);

        Response csv = user.get("/console/imports/" + id + "/errors.csv");
        csv.then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .header(
                        "Content-Disposition",
                        // named after the uploaded file, to land beside it in Downloads
                        equalTo("attachment; filename=\"contas-erros.csv\"; filename*=UTF-8''contas-erros.csv"));
        String body = new String(csv.asByteArray(), StandardCharsets.UTF_8);
        String[] lines = body.split("\r\n");
        assertEquals(2, lines.length, body);
        assertEquals("\uFEFFdocumentType;document;email;creditLimit;tolerance;error", lines[0], "a BOM for Excel");
        assertEquals(
                "CPF;" + cpf3 + ";carla@cliente.com.br;mil reais;0,05;deve ser um número, como 1.234,56", lines[1]);
        // in English the API's own words
        user.request().queryParam("to", "en").get("/console/language").then().statusCode(303);
        Response inEnglish = user.get("/console/imports/" + id + "/errors.csv");
        assertTrue(inEnglish.header("Content-Disposition").contains("filename=\"contas-errors.csv\""));
        String english = inEnglish.asString();
        assertEquals(
                "CPF;" + cpf3 + ";carla@cliente.com.br;mil reais;0,05;must be a number (e.g. 1.234,56)",
                english.split("\r\n")[1]);
        // sent back as downloaded, still failing: one error column, today's message
        String again = uploaded(operator, "CREATE", false, "contas-erros.csv", body);
        finished(operator, again);
        String second =
                new String(user.get("/console/imports/" + again + "/errors.csv").asByteArray(), StandardCharsets.UTF_8);
        assertEquals("\uFEFFdocumentType;document;email;creditLimit;tolerance;error", second.split("\r\n")[0], second);
        assertEquals(
                "CPF;" + cpf3 + ";carla@cliente.com.br;mil reais;0,05;must be a number (e.g. 1.234,56)",
                second.split("\r\n")[1]);
    }

    @Test
    void historyShowsTheImportWithTheUsersNameAndTheDryRunFlag() {
        String distributor = Api.newDistributor();
        ConsoleClient user = ConsoleClient.signedIn(distributor, "OPERATOR");
        String real =
                uploaded(user, "UPSERT", false, "real.csv", spreadsheet(Api.newCpf(), Api.newCpf(), Api.newCpf()));
        finished(user, real);
        String dry =
                uploaded(user, "CREATE", true, "so-validar.csv", spreadsheet(Api.newCpf(), Api.newCpf(), Api.newCpf()));
        finished(user, dry);
        String key = Api.key(distributor, "INTEGRATION");
        String byKey = apiUpload(distributor, key, TEMPLATE_HEADER + "\n", "");
        finished(user, byKey);

        Document history = user.page("/console/imports");
        assertEquals("Histórico de importação", history.selectFirst("h1").text());
        assertEquals(
                "/console/imports/new",
                history.selectFirst(".page-head a.primary").attr("href"));
        List<Element> rows = history.select("tbody tr");
        assertEquals(3, rows.size());
        // newest first
        assertEquals("/console/imports/" + byKey, rows.get(0).selectFirst("a").attr("href"));
        assertEquals("/console/imports/" + dry, rows.get(1).selectFirst("a").attr("href"));
        assertEquals("/console/imports/" + real, rows.get(2).selectFirst("a").attr("href"));

        Element dryRow = rows.get(1);
        assertEquals("Ana OPERATOR", dryRow.child(1).text());
        assertEquals("so-validar.csv", dryRow.child(2).text());
        assertEquals("Criar", dryRow.child(3).text());
        assertEquals("Apenas validar", history.select("thead th").get(4).text());
        assertEquals("Sim", dryRow.child(4).text());
        Element status = dryRow.child(5);
        assertTrue(status.selectFirst(".badge").hasClass("badge-COMPLETED"));
        assertEquals("Concluída", status.selectFirst(".badge").text());
        // the column hides on phones, where the status carries the flag instead
        assertTrue(status.selectFirst(".badge-dry").hasClass("phone-only"));
        assertEquals("3", dryRow.child(6).text());
        assertEquals("2", dryRow.child(7).text(), "a dry run counts what would have been created");
        assertEquals("1", dryRow.child(10).text());

        Element realRow = rows.get(2);
        assertEquals("Criar e atualizar", realRow.child(3).text());
        assertEquals("Não", realRow.child(4).text());
        assertNull(realRow.selectFirst(".badge-dry"));
        assertEquals("Chave de API test-INTEGRATION", rows.get(0).child(1).text());
        assertEquals("(sem nome)", rows.get(0).child(2).text());

        Document dryJob = user.page("/console/imports/" + dry);
        assertNotNull(dryJob.selectFirst(".alert-warn"), "a dry run says nothing was changed");
        // its failed rows are fixed in the original file, imported whole: not the failed rows alone
        assertTrue(
                dryJob.selectFirst(".failed-rows .hint").text().contains("arquivo original"),
                dryJob.selectFirst(".failed-rows .hint").text());
        assertTrue(
                dryJob.selectFirst("dl.facts").text().contains("Apenas validar Sim"),
                dryJob.selectFirst("dl.facts").text());
    }

    @Test
    void emptyHistoryOffersImportToOperatorsOnly() {
        String distributor = Api.newDistributor();
        Document operator = ConsoleClient.signedIn(distributor, "OPERATOR").page("/console/imports");
        assertEquals(
                "Nenhuma importação ainda.",
                operator.selectFirst(".empty-state strong").text());
        assertNotNull(operator.selectFirst(".empty-state a[href=/console/imports/new]"));
        Document viewer = ConsoleClient.signedIn(distributor, "VIEWER").page("/console/imports");
        assertNotNull(viewer.selectFirst(".empty-state"));
        assertTrue(viewer.select("a[href=/console/imports/new]").isEmpty());
    }

    @Test
    void viewerIsNotOfferedTheWizardAndAForgedUploadIsRefused() {
        String distributor = Api.newDistributor();
        ConsoleClient viewer = ConsoleClient.signedIn(distributor, "VIEWER");
        viewer.get("/console/imports/new").then().statusCode(403).contentType(startsWith("text/html"));
        viewer.get("/console/imports/new?mode=CREATE").then().statusCode(403);
        Document history = viewer.page("/console/imports");
        viewer.request()
                .multiPart("csrf", ConsoleClient.csrf(history))
                .multiPart("mode", "CREATE")
                .multiPart(
                        "file",
                        "x.csv",
                        spreadsheet(Api.newCpf(), Api.newCpf(), Api.newCpf()).getBytes(StandardCharsets.UTF_8),
                        "text/csv")
                .post("/console/imports")
                .then()
                .statusCode(403);
        assertTrue(viewer.page("/console/accounts")
                .select("a[href=/console/imports/new]")
                .isEmpty());
        assertTrue(viewer.page("/console/imports").select("tbody tr").isEmpty(), "nothing was imported");
    }

    @Test
    void uploadWithoutCsrfTokenIsForbidden() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        user.request()
                .multiPart("mode", "CREATE")
                .multiPart("file", "x.csv", TEMPLATE_HEADER.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/console/imports")
                .then()
                .statusCode(403)
                .contentType(startsWith("text/html"));
        assertNotNull(user.page("/console/imports").selectFirst(".empty-state"));
    }

    @Test
    void aViewersUploadAndOneTooLargeAreAnsweredOnTheirHeadersWithoutReadingTheBody() throws Exception {
        String d = Api.newDistributor();
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");
        ConsoleClient operator = ConsoleClient.signedIn(d, "OPERATOR");
        // headers announcing a body that never comes: an answer proves nothing of it was awaited
        assertEquals("403", statusWithoutSendingTheBody(viewer, 40_000));
        assertEquals("413", statusWithoutSendingTheBody(operator, 1_000_000));
    }

    private static String statusWithoutSendingTheBody(ConsoleClient user, long contentLength) throws Exception {
        java.net.URI base = java.net.URI.create(RestAssured.baseURI);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String request = "POST /console/imports HTTP/1.1\r\nHost: localhost\r\n"
                    + "Cookie: aval-console=" + user.cookie("aval-console") + "; aval-csrf=" + user.cookie("aval-csrf")
                    + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: " + contentLength
                    + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine().split(" ")[1];
        }
    }

    @Test
    void anotherDistributorsImportIsNotFound() {
        String other = Api.newDistributor();
        String theirs = apiUpload(other, Api.key(other, "INTEGRATION"), TEMPLATE_HEADER + "\n", "");
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        Response page = user.get("/console/imports/" + theirs);
        page.then().statusCode(404).contentType(startsWith("text/html"));
        Document notFound = Jsoup.parse(page.asString());
        assertEquals("Importação não encontrada", notFound.selectFirst("h1").text());
        assertEquals("/console/imports", notFound.selectFirst("main a.button").attr("href"));
        user.get("/console/imports/" + theirs + "/progress").then().statusCode(404);
        user.get("/console/imports/" + theirs + "/errors.csv")
                .then()
                .statusCode(404)
                .contentType(startsWith("text/html"));
        user.get("/console/imports/not-an-id").then().statusCode(404);
    }

    @Test
    void missingFileIsShownNextToTheDropZone() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        Response answer = upload(user, "UPSERT", true, null, null);
        answer.then().statusCode(400);
        Document page = Jsoup.parse(answer.asString());
        assertEquals(
                "Escolha um arquivo CSV para importar.",
                page.selectFirst("#file-error").text());
        assertEquals("true", page.selectFirst("input[name=file]").attr("aria-invalid"));
        assertTrue(page.selectFirst("input[name=file]").attr("aria-describedby").contains("file-error"));
        assertEquals("UPSERT", page.selectFirst("input[type=hidden][name=mode]").attr("value"));
        assertTrue(page.selectFirst("input[name=dryRun]").hasAttr("checked"), "the box stays as it was");
        assertFalse(ConsoleClient.csrf(page).isBlank());

        Response empty = upload(user, "CREATE", false, "vazio.csv", new byte[0]);
        empty.then().statusCode(400);
        assertEquals(
                "O arquivo está vazio. Escolha o CSV preenchido.",
                Jsoup.parse(empty.asString()).selectFirst("#file-error").text());
    }

    @Test
    void wrongModeAtUploadAsksForTheModeAgain() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        Response answer = upload(user, "DELETE", false, "x.csv", TEMPLATE_HEADER.getBytes(StandardCharsets.UTF_8));
        answer.then().statusCode(400);
        Document page = Jsoup.parse(answer.asString());
        assertEquals(
                "Escolha criar, atualizar ou criar e atualizar.",
                page.selectFirst("#error-summary").text());
        assertEquals(3, page.select("form input[type=radio][name=mode]").size());
        assertNotNull(page.selectFirst("form input[name=csrf]"));
        assertNotNull(user.page("/console/imports").selectFirst(".empty-state"), "nothing was imported");
    }

    @Test
    void fileOverTheSizeLimitIsAClearErrorNotAFailure() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        StringBuilder big = new StringBuilder(TEMPLATE_HEADER).append("\n");
        while (big.length() <= 70 * 1024) {
            big.append("CPF,").append(Api.newCpf()).append(",x@cliente.com.br,100.00,0\n");
        }
        Response answer =
                upload(user, "CREATE", false, "grande.csv", big.toString().getBytes(StandardCharsets.UTF_8));
        answer.then().statusCode(413).contentType(startsWith("text/html"));
        Document page = Jsoup.parse(answer.asString());
        assertEquals(
                "O arquivo passa do limite de 64 KB. Divida a planilha em arquivos menores e importe cada um.",
                page.selectFirst("#file-error").text());
        assertNotNull(page.selectFirst("form[action=/console/imports] input[name=csrf]"));
        assertNotNull(user.page("/console/imports").selectFirst(".empty-state"), "nothing was imported");
    }

    @Test
    void failedRowsArePagedFiftyAtATime() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        StringBuilder csv = new StringBuilder(TEMPLATE_HEADER).append("\n");
        for (int i = 0; i < 51; i++) {
            csv.append("CPF,").append(Api.newCpf()).append(",c").append(i).append("@cliente.com.br,not-a-number,0\n");
        }
        String id = uploaded(user, "CREATE", true, "ruim.csv", csv.toString());
        assertEquals(51, finished(user, id).getInt("failed"));

        Document first = user.page("/console/imports/" + id);
        List<Element> rows = first.select(".failed-rows tbody tr");
        assertEquals(50, rows.size());
        assertEquals("2", rows.get(0).child(0).text());
        assertNull(first.selectFirst(".failed-rows a[rel=prev]"));
        Document second = user.page(
                first.selectFirst(".failed-rows a[rel=next]").attr("href").replace("#errors-title", ""));
        List<Element> rest = second.select(".failed-rows tbody tr");
        assertEquals(1, rest.size());
        assertEquals("52", rest.get(0).child(0).text());
        assertNull(second.selectFirst(".failed-rows a[rel=next]"));
        Document back = user.page(
                second.selectFirst(".failed-rows a[rel=prev]").attr("href").replace("#errors-title", ""));
        assertEquals("2", back.selectFirst(".failed-rows tbody tr td").text());
    }

    @Test
    void historyIsPagedFiftyAtATime() {
        String distributor = Api.newDistributor();
        String key = Api.key(distributor, "INTEGRATION");
        ConsoleClient user = ConsoleClient.signedIn(distributor, "VIEWER");
        String first = null;
        for (int i = 0; i < 51; i++) {
            String id = apiUpload(distributor, key, TEMPLATE_HEADER + "\n", "&dryRun=true");
            finished(user, id);
            if (i == 0) {
                first = id;
            }
        }
        Document page1 = user.page("/console/imports");
        assertEquals(50, page1.select("tbody tr").size());
        assertNull(page1.selectFirst("a[rel=prev]"));
        Document page2 = user.page(page1.selectFirst("a[rel=next]").attr("href"));
        List<Element> rows = page2.select("tbody tr");
        assertEquals(1, rows.size());
        assertEquals("/console/imports/" + first, rows.get(0).selectFirst("a").attr("href"), "the oldest last");
        assertNull(page2.selectFirst("a[rel=next]"));
        assertEquals(
                50,
                user.page(page2.selectFirst("a[rel=prev]").attr("href"))
                        .select("tbody tr")
                        .size());
    }
}
