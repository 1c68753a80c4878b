package dev.aval.console.browser;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import dev.aval.console.Formats;
import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The console as its users drive it, in Debian's Chromium: console.md "Tests". Every screen is
 * screenshotted (desktop, and the main ones on a phone) and checked with axe-core.
 */
@AvalTest
@BrowserTest
class ConsoleBrowserTest {

    static final String PASSWORD = "senha forte do console";

    @TestHTTPResource("/")
    URL base;

    /** A new user of the distributor, its password chosen at its setup link in the browser, signed in. */
    static String signIn(Browser browser, URL base, String distributor, String role, String screenshotPrefix) {
        String email = "b" + UUID.randomUUID().toString().substring(0, 10) + "@distribuidora.com.br";
        String setupUrl = Api.admin()
                .body(Map.of("email", email, "name", "Bruna " + role, "role", role))
                .post("/v1/distributors/" + distributor + "/users")
                .then()
                .statusCode(201)
                .extract()
                .path("setupUrl");
        browser.go(setupUrl);
        if (screenshotPrefix != null) {
            browser.screenshot(screenshotPrefix + "setup");
            browser.axe("setup");
        }
        browser.find(By.id("password")).sendKeys(PASSWORD);
        browser.find(By.id("repeat")).sendKeys(PASSWORD);
        browser.find(By.cssSelector("form button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.urlContains("/console/login"));
        if (screenshotPrefix != null) {
            browser.screenshot(screenshotPrefix + "login");
            browser.axe("login");
        }
        browser.find(By.id("email")).sendKeys(email);
        browser.find(By.id("password")).sendKeys(PASSWORD + Keys.ENTER);
        browser.waitUntil(ExpectedConditions.urlContains("/console/accounts"));
        return email;
    }

    @Test
    void anOperatorOpensAnAccountWithNovoAfterAValidationError(Browser browser) {
        String d = Api.newDistributor();
        browser.desktop();
        signIn(browser, base, d, "OPERATOR", "");
        browser.screenshot("contas-vazia");
        browser.axe("contas");

        browser.find(By.linkText("NOVO")).sendKeys(Keys.ENTER);
        browser.waitUntil(ExpectedConditions.urlContains("/console/accounts/new"));
        browser.axe("novo");
        String cpf = Api.newCpf();
        // the keyboard alone: focus the first field, Tab from field to field, Enter submits
        browser.find(By.id("documentType")).sendKeys(Keys.TAB);
        WebElement focused = browser.driver().switchTo().activeElement();
        assertEquals("document", focused.getAttribute("id"));
        new Actions(browser.driver())
                .sendKeys("123.456.789-00")
                .sendKeys(Keys.TAB)
                .sendKeys("compras@cliente.com.br")
                .sendKeys(Keys.TAB)
                .sendKeys("2.500,00")
                .sendKeys(Keys.TAB)
                .sendKeys("10")
                .sendKeys(Keys.ENTER)
                .perform();
        WebElement error = browser.find(By.id("document-error"));
        assertTrue(!error.getText().isBlank(), "the API's reason is shown next to the field");
        assertEquals("2.500,00", browser.find(By.id("creditLimit")).getAttribute("value"), "what was typed is kept");
        assertEquals(
                "document",
                browser.driver().switchTo().activeElement().getAttribute("id"),
                "the caret waits in the field to fix");
        browser.screenshot("novo-erros");
        browser.axe("novo com erros");

        WebElement document = browser.find(By.id("document"));
        document.clear();
        document.sendKeys(cpf + Keys.ENTER);
        browser.waitUntil(ExpectedConditions.urlContains("created=true"));
        browser.screenshot("conta-criada");

        browser.go(base + "console/accounts");
        assertThat(browser.find(By.cssSelector("tbody tr")).getText(), containsString("R$ 2.500,00"));
        browser.phone().screenshot("contas-celular");
        browser.axe("contas no celular");
        browser.desktop();
    }

    @Test
    void anOperatorImportsASpreadsheetWatchesItFinishAndDownloadsTheFailedRows(Browser browser) throws Exception {
        String d = Api.newDistributor();
        browser.desktop();
        signIn(browser, base, d, "OPERATOR", null);
        browser.find(By.linkText("IMPORTAR")).sendKeys(Keys.ENTER);
        browser.waitUntil(ExpectedConditions.urlContains("/console/imports/new"));
        browser.screenshot("importar-1");
        browser.axe("importar, passo 1");
        // the keyboard alone: the chosen mode, then CONTINUAR
        WebElement create = browser.find(By.cssSelector("input[name=mode][value=CREATE]"));
        create.sendKeys(Keys.SPACE);
        new Actions(browser.driver()).sendKeys(Keys.TAB).sendKeys(Keys.ENTER).perform();
        browser.waitUntil(ExpectedConditions.urlContains("mode=CREATE"));
        // a spreadsheet as Excel in pt-BR exports it: ';', decimal comma, one bad row
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("clientes-", ".csv");
        String good1 = Api.newCpf();
        String good2 = Api.newCpf();
        java.nio.file.Files.writeString(
                csv,
                "Document Type;Document;Email;Credit limit;Tolerance rate\r\n"
                        + "CPF;" + good1 + ";um@cliente.com.br;1.500,50;0,1\r\n"
                        + "CPF;111.111.111-11;dois@cliente.com.br;200,00;0\r\n"
                        + "CPF;" + good2 + ";tres@cliente.com.br;3.000,00;0,05\r\n",
                java.nio.charset.StandardCharsets.UTF_8);
        browser.driver().findElement(By.id("file")).sendKeys(csv.toString());
        assertThat(
                browser.find(By.id("file-chosen")).getText(),
                containsString(csv.getFileName().toString()));
        browser.screenshot("importar-2");
        browser.axe("importar, passo 2");
        // the file comes from the chooser (WebDriver types its path); IMPORTAR ARQUIVO from the keyboard
        browser.find(By.cssSelector("form[enctype] button[type=submit]")).sendKeys(Keys.ENTER);
        browser.waitUntil(ExpectedConditions.urlMatches("/console/imports/[0-9a-f-]{36}"));
        // the bar reaches 100% without a reload by hand; the failed row is then listed
        browser.waitUntil(Browser.attributeIs("[role=progressbar]", "aria-valuenow", "100"));
        browser.waitUntil(Browser.textContains("#job-status", "Concluída"));
        WebElement failed = browser.find(By.cssSelector("#errors-title ~ * tbody tr, .table-wrap tbody tr"));
        assertThat(failed.getText(), containsString("111.111.111-11"));
        browser.screenshot("importar-3");
        browser.axe("importar, passo 3");
        String job = browser.driver().getCurrentUrl().replaceAll(".*/console/imports/([0-9a-f-]{36}).*", "$1");
        // what the page's download link gives (fetched: headless Chromium saves no download)
        String download =
                browser.find(By.linkText("Baixar linhas com erro (CSV)")).getAttribute("href");
        assertThat(download, containsString("/console/imports/" + job + "/errors.csv"));
        Object errors = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.text()).then(done);
                """, download);
        assertThat((String) errors, containsString("error"));
        assertThat((String) errors, containsString("111.111.111-11"));

        browser.find(By.linkText("Histórico de importação")).click();
        browser.waitUntil(ExpectedConditions.urlContains("/console/imports"));
        assertThat(
                browser.find(By.cssSelector("tbody tr")).getText(),
                containsString(csv.getFileName().toString()));
        browser.screenshot("historico");
        browser.axe("histórico de importação");
        browser.find(By.cssSelector("tbody tr a[href='/console/imports/" + job + "']"))
                .click();
        browser.waitUntil(ExpectedConditions.urlContains(job));

        browser.find(By.linkText("Contas")).click();
        browser.waitUntil(ExpectedConditions.urlContains("/console/accounts"));
        assertEquals(
                2, browser.driver().findElements(By.cssSelector("tbody tr")).size());
        browser.screenshot("contas");

        browser.find(By.cssSelector("form[action='/console/logout'] button")).click();
        browser.waitUntil(ExpectedConditions.urlContains("/console/login"));
        browser.go(base + "console/accounts");
        browser.waitUntil(ExpectedConditions.urlContains("/console/login"));
    }

    /** A credit account of 5,000.00 for an APV customer, opened through the API; its id. */
    private static String approvedAccount(String key, String d, String cpf, String email) {
        Api.as(key)
                .body(Map.of("status", "APV"))
                .put("/v1/distributors/" + d + "/customers/" + cpf + "/status")
                .then()
                .statusCode(200);
        return Api.as(key)
                .body(Map.of("document", cpf, "email", email, "creditLimit", "5000"))
                .post("/v1/distributors/" + d + "/credit-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A hold placed on the account; its id. */
    private static String held(String key, String d, String account, String amount, String orderId) {
        return Api.as(key)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", amount, "orderId", orderId))
                .post("/v1/distributors/" + d + "/credit-accounts/" + account + "/holds")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** The hold captured with {@code body} (installments, due days) into invoices. */
    private static void captured(String key, String d, String account, String hold, Map<String, Object> body) {
        Api.as(key)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body)
                .post("/v1/distributors/" + d + "/credit-accounts/" + account + "/holds/" + hold + "/capture")
                .then()
                .statusCode(200);
    }

    @Test
    void cobrancaListsOverdueInvoicesFirst(Browser browser) {
        String d = Api.newDistributor();
        String key = Api.key(d, "INTEGRATION");
        for (int due : new int[] {-45, 10}) {
            String cpf = Api.newCpf();
            String account = approvedAccount(key, d, cpf, "f@cliente.com.br");
            String hold = held(key, d, account, "1200.00", "PED-" + cpf);
            captured(key, d, account, hold, Map.of("installments", 3, "firstDueInDays", due));
        }
        // an invoice paid long ago: due before every overdue one, listed after them under "Todas"
        String paidCpf = Api.newCpf();
        String paidAccount = approvedAccount(key, d, paidCpf, "p@cliente.com.br");
        captured(
                key,
                d,
                paidAccount,
                held(key, d, paidAccount, "50.00", "PED-" + paidCpf),
                Map.of("firstDueInDays", -100));
        Api.payFirstInvoice(key, d, paidAccount);
        browser.desktop();
        signIn(browser, base, d, "VIEWER", null);
        browser.find(By.linkText("Cobrança")).click();
        browser.waitUntil(ExpectedConditions.urlContains("/console/invoices"));
        assertTrue(
                browser.find(By.cssSelector("tbody tr")).getAttribute("class").contains("overdue"));
        browser.screenshot("cobranca");
        browser.axe("cobrança");
        browser.phone().screenshot("cobranca-celular");
        browser.axe("cobrança no celular");
        browser.desktop();

        // "Todas" (the form sends status=, which Quarkus REST reads as no status): every status, overdue first
        new Select(browser.find(By.id("status"))).selectByValue("");
        browser.find(By.cssSelector("form.filters button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.urlContains("status=&"));
        assertEquals(
                "",
                new Select(browser.find(By.id("status")))
                        .getFirstSelectedOption()
                        .getAttribute("value"));
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("tbody tr"));
        assertEquals(7, rows.size());
        assertTrue(rows.get(0).getAttribute("class").contains("overdue"));
        assertTrue(rows.get(1).getAttribute("class").contains("overdue"));
        assertThat(rows.get(2).getText(), containsString(Formats.doc(paidCpf)));
    }

    @Test
    void contaShowsTheCreditBarAndEveryTab(Browser browser) {
        // an overdue invoice on purpose, then another hold: credit stays usable (else CREDIT_OVERDUE)
        String d = Api.newDistributor(Map.of("blockCreditWhenOverdue", false));
        String key = Api.key(d, "INTEGRATION");
        String cpf = Api.newCpf();
        Api.as(key)
                .body(Map.of("status", "APV"))
                .put("/v1/distributors/" + d + "/customers/" + cpf + "/status")
                .then()
                .statusCode(200);
        String accounts = "/v1/distributors/" + d + "/credit-accounts";
        String account = Api.as(key)
                .body(Map.of(
                        "document", cpf, "email", "compras@cliente.com.br", "creditLimit", "10000", "tolerance", "0.1"))
                .post(accounts)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Api.as(key)
                .body(Map.of("email", "financeiro@cliente.com.br"))
                .post(accounts + "/" + account + "/holders")
                .then()
                .statusCode(201);
        String captured = Api.as(key)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", "4200.00", "orderId", "PED-1001"))
                .post(accounts + "/" + account + "/holds")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Api.as(key)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("installments", 3, "firstDueInDays", -35))
                .post(accounts + "/" + account + "/holds/" + captured + "/capture")
                .then()
                .statusCode(200);
        Api.as(key)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", "2500.00", "orderId", "PED-1002"))
                .post(accounts + "/" + account + "/holds")
                .then()
                .statusCode(201);
        browser.desktop();
        signIn(browser, base, d, "OPERATOR", null);
        browser.go(base + "console/accounts/" + account);
        browser.find(By.id("credit-bar"));
        assertThat(browser.find(By.tagName("body")).getText(), containsString("R$ 4.200,00"));
        browser.screenshot("conta");
        browser.axe("conta");
        for (String tab : new String[] {"holds", "invoices", "statement"}) {
            browser.go(base + "console/accounts/" + account + "?tab=" + tab);
            browser.find(By.cssSelector(".tabs a[aria-current=page]"));
            browser.driver().executeScript("document.querySelector('.tabs').scrollIntoView()");
            browser.screenshot("conta-" + tab);
            browser.axe("conta, aba " + tab);
        }
        // a form goes once: a second click while the answer is on its way is not sent
        // (the window's listener, last of all, counts the sendings the page let go and keeps them here)
        browser.go(base + "console/accounts/" + account + "?tab=invoices");
        browser.find(By.cssSelector("table.invoices"));
        Object sent = browser.driver().executeScript("""
                const form = document.querySelector("form[action$='/pay']");
                let sent = 0;
                window.addEventListener("submit", (e) => { if (!e.defaultPrevented) { sent++; } e.preventDefault(); });
                form.requestSubmit();
                form.requestSubmit();
                return [sent, form.getAttribute("aria-busy")];
                """);
        assertEquals(List.of(1L, "true"), sent);
        // a refused payment: the invoice's actions open again, the caret in the amount to fix
        browser.go(base + "console/accounts/" + account + "?tab=invoices");
        browser.find(By.cssSelector("table.invoices tbody tr .row-actions > summary"))
                .click();
        WebElement amount =
                browser.find(By.cssSelector("table.invoices tbody tr form[action$='/pay'] input[name=amount]"));
        String amountId = amount.getAttribute("id");
        amount.sendKeys("99.999,00" + Keys.ENTER);
        browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id(amountId + "-error")));
        assertEquals(amountId, browser.driver().switchTo().activeElement().getAttribute("id"));
        browser.screenshot("conta-invoices-recusa");
        browser.axe("conta, pagamento recusado");
        browser.phone().go(base + "console/accounts/" + account);
        browser.screenshot("conta-celular");
        browser.axe("conta no celular");
        browser.desktop();
        // the language switch in the header: English from then on
        browser.find(By.cssSelector("a.lang")).click();
        browser.waitUntil(
                ExpectedConditions.textToBe(By.cssSelector(".sidenav a[href='/console/accounts']"), "Accounts"));
        browser.screenshot("conta-english");
        browser.axe("account in English");
        browser.find(By.cssSelector("a.lang")).click();
        browser.waitUntil(
                ExpectedConditions.textToBe(By.cssSelector(".sidenav a[href='/console/accounts']"), "Contas"));
    }

    @Test
    void aViewerSeesNoWriteControlsAndItsForgedPostIsRefused(Browser browser) {
        String d = Api.newDistributor();
        // an account with a hold and an invoice: every tab has something an OPERATOR could act on
        String key = Api.key(d, "INTEGRATION");
        String cpf = Api.newCpf();
        String account = approvedAccount(key, d, cpf, "v@cliente.com.br");
        captured(key, d, account, held(key, d, account, "100.00", "PED-V1-" + cpf), Map.of());
        held(key, d, account, "100.00", "PED-V2-" + cpf);
        browser.desktop();
        signIn(browser, base, d, "VIEWER", null);
        assertTrue(browser.driver().findElements(By.linkText("NOVO")).isEmpty());
        assertTrue(browser.driver().findElements(By.linkText("IMPORTAR")).isEmpty());
        browser.screenshot("contas-leitura");
        // no form that writes, on any page a VIEWER reads (signing out is the one post left)
        for (String page : new String[] {
            "console/accounts/" + account,
            "console/accounts/" + account + "?tab=holds",
            "console/accounts/" + account + "?tab=invoices",
            "console/accounts/" + account + "?tab=statement",
            "console/customers/" + cpf,
            "console/invoices",
            "console/imports"
        }) {
            browser.go(base + page);
            assertEquals(
                    0,
                    browser.driver()
                            .findElements(By.cssSelector("form[method=post]:not([action='/console/logout'])"))
                            .size(),
                    page);
        }
        browser.go(base + "console/accounts");
        // a forged POST from the page itself, with the page's own CSRF token: still refused for a VIEWER
        Object status = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const csrf = document.querySelector('input[name=csrf]').value;
                fetch('/console/accounts/new', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                  body: 'csrf=' + encodeURIComponent(csrf) + '&document=52998224725&email=x%40y.com&creditLimit=10'})
                  .then(r => done(r.status));
                """);
        assertEquals(403L, status);
        Object withoutToken = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/console/logout', {method: 'POST'}).then(r => done(r.status));
                """);
        assertEquals(403L, withoutToken);
    }

    @Test
    void anotherDistributorsAccountIsNotFound(Browser browser) {
        String a = Api.newDistributor();
        String b = Api.newDistributor();
        String accountOfB = Api.as(Api.key(b, "INTEGRATION"))
                .body(Map.of("document", Api.newCpf(), "email", "b@cliente.com.br", "creditLimit", "10"))
                .post("/v1/distributors/" + b + "/credit-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        browser.desktop();
        signIn(browser, base, a, "OPERATOR", null);
        browser.go(base + "console/accounts/" + accountOfB);
        if (browser.driver().findElements(By.tagName("h1")).isEmpty()) {
            throw new AssertionError(browser.driver().getPageSource());
        }
        assertThat(browser.find(By.tagName("h1")).getText(), containsString("não encontrada"));
        browser.screenshot("nao-encontrada");
        browser.axe("404");
    }
}
