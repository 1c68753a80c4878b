package dev.aval.events;

import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.platform.EventLog;
import dev.aval.platform.EventType;
import dev.aval.support.AvalTest;
import io.vertx.mutiny.sqlclient.Pool;

/** What {@link EventLog} stores as an event's data: the resource's JSON as is, plus reason and actor. */
@AvalTest
class EventDataTest {

    @Inject
    Pool pool;

    @Inject
    EventLog log;

    private String appendAndRead(String d, String key, Object data, String reason, String actor) {
        pool.withTransaction(conn ->
                        log.append(conn, d, EventType.DISTRIBUTOR_UPDATED, d, data, reason, actor, Instant.now()))
                .await()
                .atMost(TIMEOUT);
        return Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> as(key).get(Feed.path(d))
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString(),
                        body -> body.contains("\"sequence\""));
    }

    @Test
    void moneyKeepsItsTwoDecimalsAndReasonAndActorAreAdded() {
        String d = newDistributor();
        String key = key(d, "READ_ONLY");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("creditLimit", new BigDecimal("1000.00"));
        data.put("outstanding", new BigDecimal("0.00"));
        data.put("tolerance", new BigDecimal("0.1000"));
        data.put("note", "aspas \" e \\ barra");
        String body = appendAndRead(d, key, data, "limite \"novo\"", "key-1");
        assertTrue(
                body.contains(
                        "\"data\":{\"creditLimit\":1000.00,\"outstanding\":0.00,\"tolerance\":0.1000,"
                                + "\"note\":\"aspas \\\" e \\\\ barra\",\"reason\":\"limite \\\"novo\\\"\",\"actor\":\"key-1\"}"),
                body);
    }

    @Test
    void aResourceWithItsOwnActorHasItReplacedAndKeepsItsDecimals() {
        String d = newDistributor();
        String key = key(d, "READ_ONLY");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("amount", new BigDecimal("12.30"));
        data.put("actor", "the resource's");
        String body = appendAndRead(d, key, data, null, "system");
        assertTrue(body.contains("\"data\":{\"amount\":12.30,\"actor\":\"system\"}"), body);
    }

    @Test
    void anEmptyResourceGetsOnlyTheActor() {
        String d = newDistributor();
        String key = key(d, "READ_ONLY");
        String body = appendAndRead(d, key, Map.of(), null, "system");
        assertTrue(body.contains("\"data\":{\"actor\":\"system\"}"), body);
        assertEquals(1, List.of(body.split("\"sequence\"")).size() - 1);
    }
}
