package dev.aval.console.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import dev.aval.console.ConsoleClient;
import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Clientes in Chromium: the list by status, the look-up, one customer with the eligibility
 * preview, and a status change made with the keyboard — each screen checked by axe-core and
 * screenshotted on a desktop and a phone.
 */
@AvalTest
@BrowserTest
class CustomersBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void anOperatorLooksACustomerUpPreviewsEligibilityAndChangesItsStatus(Browser browser) {
        String d = Api.newDistributor();
        String key = Api.key(d, "INTEGRATION");
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            items.add(Map.of(
                    "document",
                    Api.newCpf(),
                    "status",
                    i % 3 == 0 ? "APV" : "RPV",
                    "reason",
                    i % 2 == 0 ? "Restrição cadastral" : "Documentação conferida"));
        }
        Api.as(key)
                .body(Map.of("items", items))
                .post("/v1/distributors/" + d + "/customers/statuses")
                .then()
                .statusCode(200);
        String cpf = Api.newCpf();
        Api.as(key)
                .body(Map.of("status", "APV", "reason", "Análise de crédito aprovada"))
                .put("/v1/distributors/" + d + "/customers/" + cpf + "/status")
                .then()
                .statusCode(200);
        Api.as(key)
                .body(Map.of(
                        "document",
                        cpf,
                        "email",
                        "compras@cliente.com.br",
                        "creditLimit",
                        "15000.00",
                        "tolerance",
                        "0.10"))
                .post("/v1/distributors/" + d + "/credit-accounts")
                .then()
                .statusCode(201);
        ConsoleClient operator = ConsoleClient.invited(d, "OPERATOR");
        operator.choosePassword(operator.setupPath(), ConsoleClient.PASSWORD)
                .then()
                .statusCode(303);

        browser.desktop().go(base + "console/login");
        browser.find(By.id("email")).sendKeys(operator.email);
        browser.find(By.id("password")).sendKeys(ConsoleClient.PASSWORD, Keys.ENTER);
        browser.waitUntil(ExpectedConditions.urlContains("/console/accounts"));

        browser.go(base + "console/customers?status=RPV");
        assertEquals(
                8, browser.driver().findElements(By.cssSelector("tbody tr")).size());
        browser.screenshot("clientes-lista");
        browser.axe("clientes-lista");
        browser.phone().screenshot("clientes-lista-phone");
        browser.axe("clientes-lista-phone");
        browser.desktop();

        WebElement document = browser.find(By.id("document"));
        document.sendKeys("123.456.789-00", Keys.ENTER);
        browser.find(By.id("document-error"));
        browser.axe("clientes-busca-invalida");
        document = browser.find(By.id("document"));
        document.clear();
        document.sendKeys(
                cpf.substring(0, 3) + "." + cpf.substring(3, 6) + "." + cpf.substring(6, 9) + "-" + cpf.substring(9),
                Keys.ENTER);
        browser.waitUntil(ExpectedConditions.urlContains("/console/customers/" + cpf));

        browser.find(By.id("email")).sendKeys("compras@cliente.com.br");
        WebElement total = browser.find(By.id("cartTotal"));
        total.clear();
        total.sendKeys("16.500,01", Keys.ENTER);
        browser.waitUntil(ExpectedConditions.urlContains("cartTotal="));
        assertEquals(
                "CREDIT_INSUFFICIENT",
                browser.find(By.cssSelector("tr[data-method=BOLETO_FATURADO]")).getDomAttribute("data-reason"));
        browser.screenshot("clientes-cliente");
        browser.axe("clientes-cliente");
        browser.phone().screenshot("clientes-cliente-phone");
        browser.axe("clientes-cliente-phone");
        browser.desktop();

        new Select(browser.find(By.id("new-status"))).selectByValue("RPV");
        WebElement reason = browser.find(By.id("reason"));
        reason.sendKeys("Inadimplência recorrente");
        reason.sendKeys(Keys.TAB, Keys.ENTER);
        browser.waitUntil(ExpectedConditions.urlContains("outcome=APPLIED"));
        assertTrue(browser.find(By.id("outcome")).getText().contains("Reprovado"));
        assertEquals(
                "Ana OPERATOR",
                browser.find(By.cssSelector("#history tbody tr td.actor")).getText());
        assertTrue(browser.find(By.id("customer-message")).getText().contains("não foi aprovado"));
        browser.screenshot("clientes-situacao-alterada");
        browser.axe("clientes-situacao-alterada");
    }
}
