package dev.aval.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.aval.client.ApiClient;
import dev.aval.client.ApiException;
import dev.aval.client.api.ApiKeysApi;
import dev.aval.client.api.ConsoleUsersApi;
import dev.aval.client.api.CreditAccountsApi;
import dev.aval.client.api.CustomersApi;
import dev.aval.client.api.DistributorsApi;
import dev.aval.client.api.EligibilityApi;
import dev.aval.client.api.EventsApi;
import dev.aval.client.api.HoldsApi;
import dev.aval.client.api.ImportsApi;
import dev.aval.client.api.InvoicesApi;
import dev.aval.client.api.WebhooksApi;
import dev.aval.client.model.ApiKeyRequest;
import dev.aval.client.model.BatchStatusItem;
import dev.aval.client.model.BatchStatusRequest;
import dev.aval.client.model.BatchStatusResult;
import dev.aval.client.model.Capture;
import dev.aval.client.model.CaptureRequest;
import dev.aval.client.model.ConsoleRole;
import dev.aval.client.model.ConsoleUserRequest;
import dev.aval.client.model.CreditAccount;
import dev.aval.client.model.CreditAccountHolder;
import dev.aval.client.model.Customer;
import dev.aval.client.model.CustomerStatus;
import dev.aval.client.model.Distributor;
import dev.aval.client.model.DistributorRequest;
import dev.aval.client.model.Eligibility;
import dev.aval.client.model.EligibilityRequest;
import dev.aval.client.model.Event;
import dev.aval.client.model.EventPage;
import dev.aval.client.model.Hold;
import dev.aval.client.model.HoldRequest;
import dev.aval.client.model.HolderRequest;
import dev.aval.client.model.ImportError;
import dev.aval.client.model.ImportMode;
import dev.aval.client.model.ImportStatus;
import dev.aval.client.model.Invoice;
import dev.aval.client.model.InvoiceStatus;
import dev.aval.client.model.IssuedApiKey;
import dev.aval.client.model.ModelImport;
import dev.aval.client.model.OpenAccountRequest;
import dev.aval.client.model.Outcome;
import dev.aval.client.model.PageImportErrorView;
import dev.aval.client.model.PaymentMethod;
import dev.aval.client.model.PaymentMethodEligibility;
import dev.aval.client.model.PaymentRequest;
import dev.aval.client.model.RegisterCustomerRequest;
import dev.aval.client.model.Role;
import dev.aval.client.model.SetupLinkView;
import dev.aval.client.model.Webhook;
import dev.aval.client.model.WebhookRequest;
import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import dev.aval.support.Waits;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The main flows driven through a Java client generated from the kept OpenAPI document by
 * openapi-generator 7.25 ({@code java}, library {@code native}) with its default options, as a new
 * integrator would (pom.xml sets only packages and folders, and Jakarta annotations for this
 * classpath): if the document and the service disagree on a path, a parameter, a field or a type,
 * this test does not compile or fails. Each pitfall issue 12 found in such a client is proven
 * gone here, where it is named.
 */
@AvalTest
class GeneratedClientTest {

    private static final String EMAIL = "compras@cliente.com.br";

    @TestHTTPResource("/")
    URL url;

    /** What an integrator writes: the generated ApiClient, its host, and the key as a bearer token. */
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

        // PUT distributor and issuing a key declare their bodies: the client accepts JSON (no 406)
        Distributor distributor =
                new DistributorsApi(admin).putDistributor(d, new DistributorRequest().name("Generated client"));
        assertEquals(d, distributor.getId());
        IssuedApiKey integration = new ApiKeysApi(admin)
                .issueApiKey(d, new ApiKeyRequest().name("erp").role(Role.INTEGRATION));
        String checkout = new ApiKeysApi(admin)
                .issueApiKey(d, new ApiKeyRequest().name("shop").role(Role.CHECKOUT))
                .getKey();
        ApiClient erp = client(integration.getKey());
        ApiClient shop = client(checkout);

        // status batch, then PUT customer (declared body: the existing customer, unchanged)
        String document = Api.newCpf();
        BatchStatusResult batch = new CustomersApi(erp)
                .changeCustomerStatuses(
                        d,
                        new BatchStatusRequest()
                                .addItemsItem(new BatchStatusItem()
                                        .document(document)
                                        .status(BatchStatusItem.StatusEnum.APV)));
        assertEquals(Outcome.APPLIED, batch.getResults().get(0).getOutcome());
        Customer customer = new CustomersApi(erp).registerCustomer(d, document, new RegisterCustomerRequest());
        assertEquals(CustomerStatus.APV, customer.getStatus());

        CreditAccount account = new CreditAccountsApi(erp)
                .openCreditAccount(
                        d,
                        new OpenAccountRequest()
                                .document(document)
                                .email(EMAIL)
                                .creditLimit(new BigDecimal("1000.00")));
        String accountId = account.getId().toString();

        // eligibility with the model as generated: paymentMethods starts as an empty list, sent as []
        EligibilityRequest question =
                new EligibilityRequest().document(document).email(EMAIL).cartTotal(new BigDecimal("600.00"));
        assertEquals(List.of(), question.getPaymentMethods(), "the generated model sends [] when unset");
        Eligibility eligibility = new EligibilityApi(shop).checkEligibility(d, question, null);
        assertEquals(
                List.of(
                        PaymentMethod.PIX,
                        PaymentMethod.CREDIT_CARD,
                        PaymentMethod.BOLETO_ANTECIPADO,
                        PaymentMethod.BOLETO_FATURADO),
                eligibility.getPaymentMethods().stream()
                        .map(PaymentMethodEligibility::getMethod)
                        .toList(),
                "an empty list is evaluated as all four");
        assertTrue(eligibility.getPaymentMethods().stream().allMatch(PaymentMethodEligibility::getAllowed));
        assertTrue(eligibility.getCanPurchase());

        // path parameters in path order: (distributorId, accountId[, holdId]), then the required key
        HoldsApi holds = new HoldsApi(shop);
        HoldRequest order = new HoldRequest().amount(new BigDecimal("600.00")).orderId("order-1");
        Hold hold = holds.placeHold(d, accountId, "key-order-1", order);
        Hold replayed = holds.placeHold(d, accountId, "key-order-1", order);
        assertEquals(hold.getId(), replayed.getId(), "the same Idempotency-Key answers the same hold");
        assertEquals(
                hold.getId(),
                holds.getHold(d, accountId, hold.getId().toString()).getId());
        ApiException swapped = assertThrows(
                ApiException.class,
                () -> holds.getHold(accountId, d, hold.getId().toString()));
        assertEquals(403, swapped.getCode(), "ids in each other's places name another distributor's path");

        Capture capture = holds.captureHold(
                d, accountId, hold.getId().toString(), "key-capture-1", new CaptureRequest().installments(2));
        assertEquals(2, capture.getInvoices().size());
        Invoice first = capture.getInvoices().get(0);
        Invoice paid = new InvoicesApi(erp)
                .payInvoice(d, accountId, first.getId().toString(), "key-pay-1", new PaymentRequest());
        assertEquals(InvoiceStatus.PAID, paid.getStatus());

        importsThroughTheClient(erp, d);
        feedFromACursor(erp, d);

        // answers without a body (202, 204): the client accepts only problem+json, and is not refused
        CreditAccountsApi accounts = new CreditAccountsApi(erp);
        CreditAccountHolder holder =
                accounts.addCreditAccountHolder(d, accountId, new HolderRequest().email("financeiro@cliente.com.br"));
        accounts.removeCreditAccountHolder(d, accountId, holder.getId().toString());
        assertEquals(List.of(), accounts.getCreditAccount(d, accountId).getHolders());
        WebhooksApi webhooks = new WebhooksApi(erp);
        Webhook webhook = webhooks.registerWebhook(d, new WebhookRequest().url("http://127.0.0.1:9/aval/events"));
        assertTrue(webhook.getSecret().startsWith("whsec_"), "types left unset are not sent as []");
        webhooks.retryWebhookDelivery(
                d, webhook.getId(), webhooks.testWebhook(d, webhook.getId()).getId());
        webhooks.deleteWebhook(d, webhook.getId());
        ConsoleUsersApi users = new ConsoleUsersApi(admin);
        SetupLinkView user = users.createConsoleUser(
                d,
                new ConsoleUserRequest()
                        .email(d + "@cliente.com.br")
                        .name("Operadora")
                        .role(ConsoleRole.OPERATOR));
        users.disableConsoleUser(d, user.getId().toString());
        new ApiKeysApi(admin).revokeApiKey(d, integration.getId());
        ApiException revoked = assertThrows(ApiException.class, () -> new DistributorsApi(erp).getDistributor(d));
        assertEquals(401, revoked.getCode());
    }

    /**
     * The template is a file (not JSON), the upload takes an Idempotency-Key (a retry creates no
     * second job), progress is polled, and the failed rows come as typed JSON, not strings.
     */
    private static void importsThroughTheClient(ApiClient erp, String d) throws Exception {
        ImportsApi imports = new ImportsApi(erp);
        File template = imports.getImportTemplate(d);
        template.deleteOnExit();
        List<String> lines = Files.readAllLines(template.toPath(), StandardCharsets.UTF_8);
        assertEquals("documentType,document,email,creditLimit,tolerance", lines.get(0));
        assertEquals(2, lines.size());

        File csv = Files.createTempFile("accounts", ".csv").toFile();
        csv.deleteOnExit();
        Files.writeString(
                csv.toPath(),
                lines.get(0) + "\nCPF," + Api.newCpf() + ",novo@cliente.com.br,500.00,0.1\n" + "CPF," + Api.newCpf()
                        + ",not-an-email,500.00,0.1\n",
                StandardCharsets.UTF_8);
        ModelImport upload = imports.uploadImport(d, ImportMode.CREATE, false, "key-import-1", csv);
        ModelImport again = imports.uploadImport(d, ImportMode.CREATE, false, "key-import-1", csv);
        assertEquals(upload.getId(), again.getId(), "the same key and file answer the first 202");
        ApiException reused = assertThrows(
                ApiException.class, () -> imports.uploadImport(d, ImportMode.UPSERT, false, "key-import-1", csv));
        assertEquals(422, reused.getCode());
        assertEquals(1, imports.listImports(d, null, null).getItems().size(), "one job for the key");

        ModelImport done = await().atMost(Waits.TIMEOUT)
                .until(
                        () -> imports.getImport(d, upload.getId().toString()),
                        job -> job.getStatus() == ImportStatus.COMPLETED);
        assertEquals(1, done.getCreatedCount());
        assertEquals(1, done.getFailedCount());

        PageImportErrorView errors = imports.listImportErrors(d, upload.getId().toString(), null, null);
        ImportError row = errors.getItems().get(0);
        assertEquals(3, row.getLine());
        assertEquals("email", row.getErrors().get(0).getField());
        assertNull(errors.getNextCursor());

        ModelImport withoutKey = imports.uploadImport(d, ImportMode.UPSERT, true, null, csv);
        assertNotEquals(upload.getId(), withoutKey.getId(), "the key is optional");
    }

    /** after is the integer sequence the feed takes: read on from nextAfter until the end. */
    private static void feedFromACursor(ApiClient erp, String d) {
        EventsApi events = new EventsApi(erp);
        List<Event> read = await().atMost(Waits.TIMEOUT)
                .until(
                        () -> {
                            List<Event> all = new ArrayList<>();
                            long after = 0;
                            while (true) {
                                EventPage page = events.listEvents(d, after, 2, null, null);
                                all.addAll(page.getItems());
                                if (page.getItems().isEmpty()) {
                                    return all;
                                }
                                assertTrue(page.getNextAfter() > after);
                                after = page.getNextAfter();
                            }
                        },
                        all -> all.stream().anyMatch(e -> e.getType().equals("customer.status_changed")));
        for (int i = 1; i < read.size(); i++) {
            assertTrue(read.get(i).getSequence() > read.get(i - 1).getSequence(), "oldest first, never twice");
        }
        assertFalse(read.isEmpty());
    }
}
