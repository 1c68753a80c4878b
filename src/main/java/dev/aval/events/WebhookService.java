package dev.aval.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.aval.platform.Cursor;
import dev.aval.platform.EventType;
import dev.aval.platform.Page;
import dev.aval.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Webhook endpoints of a distributor: registration, rotation, enabling, the delivery log, retries and tests. */
@ApplicationScoped
public class WebhookService {

    private static final List<String> DELIVERY_STATUSES = List.of("PENDING", "SUCCEEDED", "FAILED");

    @Inject
    WebhookRepository webhooks;

    @Inject
    DeliveryWorker worker;

    @Inject
    WebhooksConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    /** Registers the endpoint, ENABLED, with a new secret (answered only here). */
    Uni<WebhookView> register(String distributorId, WebhookRequest request) {
        if (request == null) {
            throw ProblemException.validation("url", "must not be blank");
        }
        var uri = UrlSafety.parse(request.url(), config.allowHttp());
        List<String> types = types(request.types());
        String description =
                request.description() == null || request.description().isBlank()
                        ? null
                        : request.description().strip();
        String secret = Signatures.newSecret();
        return checkTarget(uri.getHost())
                .chain(() -> webhooks.insert(distributorId, uri.toString(), types, description, secret, now()))
                .map(e -> e.view().withSecret(secret));
    }

    Uni<Page<WebhookView>> list(String distributorId, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        return webhooks.list(distributorId, Cursor.decodeId(cursor), size + 1)
                .map(rows -> Page.of(rows, size, e -> e.id().toString(), Endpoint::view));
    }

    Uni<WebhookView> get(String distributorId, String webhookId) {
        return find(distributorId, webhookId).map(Endpoint::view);
    }

    Uni<Void> delete(String distributorId, String webhookId) {
        return webhooks.delete(distributorId, id(webhookId)).map(deleted -> {
            if (!deleted) {
                throw notFound(webhookId);
            }
            return null;
        });
    }

    /** A new secret; the old one keeps signing alongside for 24 h. */
    Uni<WebhookView> rotateSecret(String distributorId, String webhookId) {
        String secret = Signatures.newSecret();
        Instant now = now();
        return webhooks.rotate(distributorId, id(webhookId), secret, now.plus(DeliveryWorker.ROTATION_OVERLAP), now)
                .map(e -> {
                    if (e == null) {
                        throw notFound(webhookId);
                    }
                    return e.view().withSecret(secret);
                });
    }

    /** Turns the endpoint on again and resends what it missed. */
    Uni<WebhookView> enable(String distributorId, String webhookId) {
        return webhooks.enable(distributorId, id(webhookId), now()).map(e -> {
            if (e == null) {
                throw notFound(webhookId);
            }
            worker.wake();
            return e.view();
        });
    }

    Uni<Page<DeliveryView>> deliveries(
            String distributorId, String webhookId, String status, Integer limit, String cursor) {
        if (status != null && !status.isBlank() && !DELIVERY_STATUSES.contains(status.strip())) {
            throw ProblemException.validation("status", "must be one of " + DELIVERY_STATUSES);
        }
        String wanted = status == null || status.isBlank() ? null : status.strip();
        int size = Cursor.limit(limit);
        UUID before = Cursor.decodeId(cursor);
        return find(distributorId, webhookId)
                .chain(e -> webhooks.deliveries(e.id(), wanted, before, size + 1))
                .map(rows -> Page.of(rows, size, DeliveryView::id, d -> d));
    }

    /** Sends the delivery again now, with a new retry window, whatever its status. */
    Uni<Void> retry(String distributorId, String webhookId, String deliveryId) {
        UUID delivery = parse(deliveryId);
        return find(distributorId, webhookId)
                .chain(e -> delivery == null ? Uni.createFrom().item(false) : webhooks.retry(e.id(), delivery, now()))
                .map(found -> {
                    if (!found) {
                        throw ProblemException.notFound(
                                "DELIVERY_NOT_FOUND", "no delivery " + deliveryId + " of this webhook");
                    }
                    worker.wake();
                    return null;
                });
    }

    /** Sends a {@code webhook.test} event to this endpoint only; its delivery is in the log. */
    Uni<DeliveryView> test(String distributorId, String webhookId) {
        Instant now = now();
        return find(distributorId, webhookId)
                .chain(e -> webhooks.test(
                        e,
                        json(Map.of(
                                "webhookId", e.id().toString(), "url", e.url(), "message", "a test event from Aval")),
                        now))
                .invoke(d -> worker.wake());
    }

    private Uni<Endpoint> find(String distributorId, String webhookId) {
        return webhooks.find(distributorId, id(webhookId)).map(e -> {
            if (e == null) {
                throw notFound(webhookId);
            }
            return e;
        });
    }

    /** Unless private targets are allowed, the host must resolve, and only to public addresses. */
    private Uni<Void> checkTarget(String host) {
        if (config.allowPrivateTargets()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return java.net.InetAddress.getAllByName(host);
                    } catch (java.net.UnknownHostException e) {
                        return null;
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(addresses -> {
                    if (addresses == null) {
                        throw UrlSafety.invalid("the host does not resolve");
                    }
                    if (Arrays.stream(addresses).anyMatch(UrlSafety::isPrivate)) {
                        throw UrlSafety.invalid("must not resolve to a loopback, link-local or private address");
                    }
                    return null;
                });
    }

    private static List<String> types(List<String> requested) {
        if (requested == null) {
            return null;
        }
        if (requested.isEmpty()) {
            throw ProblemException.validation("types", "must name at least one event type, or be omitted for all");
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (String name : requested) {
            EventType type = name == null ? null : EventType.ofWireName(name.strip());
            if (type == null || type == EventType.WEBHOOK_TEST) {
                throw ProblemException.validation("types", "unknown event type '" + name + "'");
            }
            types.add(type.wireName());
        }
        return new ArrayList<>(types);
    }

    private static UUID id(String webhookId) {
        UUID id = parse(webhookId);
        if (id == null) {
            throw notFound(webhookId);
        }
        return id;
    }

    private static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ProblemException notFound(String webhookId) {
        return ProblemException.notFound("WEBHOOK_NOT_FOUND", "no webhook " + webhookId + " in this distributor");
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
