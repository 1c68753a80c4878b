package dev.aval.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.aval.client.ApiClient;
import dev.aval.client.api.ApiKeysApi;
import dev.aval.client.api.CreditAccountsApi;
import dev.aval.client.api.CustomersApi;
import dev.aval.client.api.DistributorsApi;
import dev.aval.client.api.EligibilityApi;
import dev.aval.client.api.EventsApi;
import dev.aval.client.api.HoldsApi;
import dev.aval.client.api.ImportsApi;
import dev.aval.client.api.InvoicesApi;
import dev.aval.client.model.ApiKeyRequest;
import dev.aval.client.model.BatchStatusItem;
import dev.aval.client.model.BatchStatusRequest;
import dev.aval.client.model.Capture;
import dev.aval.client.model.CaptureRequest;
import dev.aval.client.model.CreditAccount;
import dev.aval.client.model.DistributorRequest;
import dev.aval.client.model.Eligibility;
import dev.aval.client.model.EligibilityRequest;
import dev.aval.client.model.Event;
import dev.aval.client.model.Hold;
import dev.aval.client.model.HoldRequest;
import dev.aval.client.model.ImportMode;
import dev.aval.client.model.ImportStatus;
import dev.aval.client.model.Invoice;
import dev.aval.client.model.InvoiceStatus;
import dev.aval.client.model.ModelImport;
import dev.aval.client.model.OpenAccountRequest;
import dev.aval.client.model.PaymentMethod;
import dev.aval.client.model.PaymentRequest;
import dev.aval.client.model.Role;
import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import dev.aval.support.Waits;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The main flows driven through a Java client generated from the kept OpenAPI document
 * (openapi-generator, java/native, at build time), as an integrator would: if the document and
 * the service disagree on a path, a field or a type, this test does not compile or fails.
 */
@AvalTest
class GeneratedClientTest {

    @TestHTTPResource("/")
    URL url;

    private ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.setScheme(url.getProtocol());
        client.setHost(url.getHost());
        client.setPort(url.getPort());
        client.setBasePath("");
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        return client;
    }

    @Test
    void anIntegratorsDayThroughTheGeneratedClient() throws Exception {
        ApiClient admin = client(Api.ADMIN_KEY);
        String d = "gen-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(
                d,
                new DistributorsApi(admin)
                        .putDistributor(d, new DistributorRequest().name("Generated client"))
                        .getId());
        String integration = new ApiKeysApi(admin)
                .issueApiKey(d, new ApiKeyRequest().name("erp").role(Role.INTEGRATION))
                .getKey();
        String checkout = new ApiKeysApi(admin)
                .issueApiKey(d, new ApiKeyRequest().name("shop").role(Role.CHECKOUT))
                .getKey();
        ApiClient erp = client(integration);
        ApiClient shop = client(checkout);

        String document = Api.newCpf();
        new CustomersApi(erp)
                .changeCustomerStatuses(
                        d,
                        new BatchStatusRequest()
                                .addItemsItem(new BatchStatusItem()
                                        .document(document)
                                        .status(BatchStatusItem.StatusEnum.APV)));
        CreditAccount account = new CreditAccountsApi(erp)
                .openCreditAccount(
                        d,
                        new OpenAccountRequest()
                                .document(document)
                                .email("compras@cliente.com.br")
                                .creditLimit(new BigDecimal("1000.00")));

        Eligibility eligibility = new EligibilityApi(shop)
                .checkEligibility(
                        d,
                        new EligibilityRequest()
                                .document(document)
                                .email("compras@cliente.com.br")
                                .cartTotal(new BigDecimal("600.00"))
                                .addPaymentMethodsItem(PaymentMethod.BOLETO_FATURADO),
                        null);
        assertTrue(eligibility.getCanPurchase());

        String accountId = account.getId().toString();
        HoldRequest order = new HoldRequest().amount(new BigDecimal("600.00")).orderId("order-1");
        Hold hold = new HoldsApi(shop).placeHold(accountId, d, order, "key-order-1");
        Hold replayed = new HoldsApi(shop).placeHold(accountId, d, order, "key-order-1");
        assertEquals(hold.getId(), replayed.getId(), "the same Idempotency-Key answers the same hold");

        Capture capture = new HoldsApi(shop)
                .captureHold(
                        accountId, d, hold.getId().toString(), new CaptureRequest().installments(2), "key-capture-1");
        assertEquals(2, capture.getInvoices().size());
        Invoice first = capture.getInvoices().get(0);
        Invoice paid = new InvoicesApi(erp)
                .payInvoice(accountId, d, first.getId().toString(), new PaymentRequest(), "key-pay-1");
        assertEquals(InvoiceStatus.PAID, paid.getStatus());

        File csv = Files.createTempFile("accounts", ".csv").toFile();
        csv.deleteOnExit();
        Files.writeString(
                csv.toPath(),
                "documentType,document,email,creditLimit,tolerance\nCPF," + Api.newCpf()
                        + ",novo@cliente.com.br,500.00,0.1\n",
                StandardCharsets.UTF_8);
        ModelImport upload = new ImportsApi(erp).uploadImport(d, ImportMode.CREATE, false, csv);
        await().atMost(Waits.TIMEOUT)
                .until(
                        () -> new ImportsApi(erp)
                                .getImport(d, upload.getId().toString())
                                .getStatus(),
                        status -> status == ImportStatus.COMPLETED);

        List<String> types = new java.util.ArrayList<>();
        await().atMost(Waits.TIMEOUT).until(() -> {
            types.clear();
            new EventsApi(erp)
                    .listEvents(d, "0", 100, null, null).getItems().stream()
                            .map(Event::getType)
                            .forEach(types::add);
            return types.contains("customer.status_changed") || types.contains("customer.registered");
        });
        assertNotNull(types.get(0));
    }
}
