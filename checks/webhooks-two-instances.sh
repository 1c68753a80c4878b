#!/usr/bin/env bash
# Proof that webhook deliveries are shared by the instances of one database, each sent once:
# two packaged jars on one throwaway PostgreSQL 15, a receiver on loopback, two endpoints.
#  1. Normal operation: EVENTS status changes (sent alternately to both instances) are each
#     delivered exactly once per endpoint, and both instances deliver some of them.
#  2. Crash: the receiver hangs on the first attempt of one event; the instance that claimed it
#     is killed with kill -9 mid-delivery; the survivor delivers it once its lease expires, and
#     the endpoint ends with every event acknowledged exactly once.
# A short lease and timeout here (defaults PT1M / PT10S) so the takeover comes within seconds.
# Usage (from the repository root, after ./mvnw package): checks/webhooks-two-instances.sh [EVENTS]
source "$(dirname "$0")/../bench/imports/lib.sh"
EVENTS=${1:-300}
LEASE=${LEASE:-PT10S}
PORT_A=$(free_port); PORT_B=$(free_port); RECEIVER_PORT=$(free_port)
PID_A=; PID_B=; RECEIVER_PID=
HANG_SUBJECT=52998224725
stop_all() {
  stop_pids $PID_A $PID_B $RECEIVER_PID
  cleanup
}
trap stop_all EXIT

start_instance() { # start_instance NAME PORT → prints the pid
  java -Xmx384m -Dquarkus.http.port="$2" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
    -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:$PG_PORT/postgres" \
    -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=postgres \
    -Daval.admin-api-key="$ADMIN_KEY" -Daval.rate-limit.requests-per-second=0 \
    -Daval.webhooks.allow-http=true -Daval.webhooks.allow-private-targets=true \
    -Daval.webhooks.lease="$LEASE" -Daval.webhooks.timeout=PT8S -Daval.webhooks.retry-delays=PT1S \
    -Dquarkus.log.console.json.enabled=false \
    -jar "$ROOT/target/quarkus-app/quarkus-run.jar" >>"$WORK/app-$1.log" 2>&1 &
  echo $!
}
await_ready() { # await_ready PORT PID NAME
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1 && { log "instance $3 up (pid $2, port $1)"; return; }
    kill -0 "$2" 2>/dev/null || { tail -40 "$WORK/app-$3.log"; exit 1; }
    sleep 0.5
  done
  log "instance $3 did not start"; tail -40 "$WORK/app-$3.log"; exit 1
}
api() { # api PORT METHOD PATH [BODY]
  curl -fs -X "$2" "http://127.0.0.1:$1$3" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' ${4:+-d "$4"}
}
pending() { psql_ -c "select count(*) from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id
                       where w.distributor_id = '$D' and d.status <> 'SUCCEEDED'"; }
await_all_delivered() { # await_all_delivered SECONDS
  for _ in $(seq 1 $(($1 * 5))); do [ "$(pending)" = 0 ] && return 0; sleep 0.2; done
  log "FAIL: $(pending) deliveries not SUCCEEDED after $1 s"; psql_ -c "select status, attempts, last_error from webhook_delivery where status <> 'SUCCEEDED' limit 5"; exit 1
}

start_pg
HANG_PATH=/e1 HANG_SUBJECT=$HANG_SUBJECT python3 "$ROOT/checks/webhooks-two-instances.py" "$RECEIVER_PORT" "$WORK/received.log" &
RECEIVER_PID=$!
PID_A=$(start_instance A "$PORT_A"); PID_B=$(start_instance B "$PORT_B")
await_ready "$PORT_A" "$PID_A" A; await_ready "$PORT_B" "$PID_B" B
BASE=http://127.0.0.1:$PORT_A
D=hooks-$$
KEY=$(new_tenant "$D")
for e in e1 e2; do
  api "$PORT_B" POST "/v1/distributors/$D/webhooks" "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/$e\"}" >/dev/null
done

# --- 1. normal operation -------------------------------------------------------------------
BATCH=100
python3 - "$EVENTS" "$BATCH" "$WORK" <<'PY'
import json, sys
n, batch, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def digit(s, w):
    r = sum(int(c) * (w - i) for i, c in enumerate(s)) % 11
    return 0 if r < 2 else 11 - r
items = []
for i in range(n):
    base = "%09d" % (300000000 + i * 13)
    d1 = digit(base, 10); d2 = digit(base + str(d1), 11)
    items.append({"document": base + str(d1) + str(d2), "status": "APV"})
for k in range(0, n, batch):
    with open("%s/batch-%d.json" % (work, k // batch), "w") as f:
        json.dump({"items": items[k:k + batch]}, f)
PY
i=0
for f in "$WORK"/batch-*.json; do
  port=$([ $((i % 2)) = 0 ] && echo "$PORT_A" || echo "$PORT_B"); i=$((i + 1))
  curl -fs -X POST "http://127.0.0.1:$port/v1/distributors/$D/customers/statuses" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' --data-binary @"$f" >/dev/null
done
# each new customer: customer.registered + customer.status_changed
TOTAL=$((EVENTS * 2))
await_all_delivered 120
COUNT=$(psql_ -c "select coalesce(sum(n), 0) from event_group where distributor_id = '$D'")
BY=$(psql_ -c "select string_agg(claimed_by || '=' || n, ' ') from (select claimed_by, count(*) n from webhook_delivery
                group by claimed_by order by claimed_by) x")
ok=true
[ "$COUNT" = "$TOTAL" ] || { log "FAIL: $COUNT events, expected $TOTAL"; ok=false; }
for e in e1 e2; do
  ACKED=$(grep -c "^ok /$e " "$WORK/received.log" || true)
  DISTINCT=$( (grep "^ok /$e " "$WORK/received.log" || true) | awk '{print $3}' | sort -u | wc -l)
  ARRIVALS=$(grep -c "^arrival /$e " "$WORK/received.log" || true)
  log "endpoint $e: $ARRIVALS requests, $ACKED acknowledged, $DISTINCT distinct events (of $TOTAL)"
  [ "$ACKED" = "$TOTAL" ] && [ "$DISTINCT" = "$TOTAL" ] && [ "$ARRIVALS" = "$TOTAL" ] || ok=false
done
INSTANCES=$(psql_ -c "select count(distinct claimed_by) from webhook_delivery")
log "deliveries by instance: $BY"
[ "$INSTANCES" = 2 ] || { log "FAIL: only $INSTANCES instance(s) delivered"; ok=false; }
$ok || exit 1
log "ok: every event delivered exactly once per endpoint, by both instances"

# --- 2. kill -9 the instance that claimed a delivery, mid-delivery --------------------------
api "$PORT_A" PUT "/v1/distributors/$D/customers/$HANG_SUBJECT" "{}" >/dev/null || { log "FAIL: registering $HANG_SUBJECT"; exit 1; }
for _ in $(seq 1 150); do grep -q "^hang /e1 " "$WORK/received.log" && break; sleep 0.2; done
HUNG=$( (grep "^hang /e1 " "$WORK/received.log" || true) | awk '{print $3}')
[ -n "$HUNG" ] || { log "FAIL: the receiver never saw the delivery to hang"; exit 1; }
CLAIMER=$(psql_ -c "select claimed_by from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id
                    where d.event_id = '$HUNG' and w.url like '%/e1'")
VICTIM=${CLAIMER##*:}
[ "$VICTIM" = "$PID_A" ] || [ "$VICTIM" = "$PID_B" ] || { log "FAIL: claimed by $CLAIMER, not one of $PID_A/$PID_B"; exit 1; }
kill -9 "$VICTIM"; wait "$VICTIM" 2>/dev/null || true
KILLED_AT=$(date +%s.%N)
[ "$VICTIM" = "$PID_A" ] && { PID_A=; SURVIVOR=$PID_B; } || { PID_B=; SURVIVOR=$PID_A; }
log "event $HUNG hung at /e1 while being sent by pid $VICTIM: killed -9; pid $SURVIVOR survives"
await_all_delivered 60
TAKEN=$(psql_ -c "select claimed_by || ' after ' || attempts || ' attempts' from webhook_delivery where event_id = '$HUNG' and status = 'SUCCEEDED' and claimed_by like '%:$SURVIVOR'")
SECONDS_AFTER=$(python3 -c "import time; print(round(time.time() - $KILLED_AT, 1))")
ARRIVALS=$(grep -c "^arrival /e1 $HUNG " "$WORK/received.log" || true)
ACKED=$(grep -c "^ok /e1 $HUNG " "$WORK/received.log" || true)
ACKED_E2=$(grep -c "^ok /e2 $HUNG " "$WORK/received.log" || true)
log "after the kill: $HUNG reached /e1 $ARRIVALS times (acknowledged $ACKED), /e2 $ACKED_E2; delivered by ${TAKEN:-nobody} (all done ${SECONDS_AFTER}s after the kill, lease $LEASE)"
[ -n "$TAKEN" ] && [ "$ARRIVALS" = 2 ] && [ "$ACKED" = 1 ] && [ "$ACKED_E2" = 1 ] || { log "FAIL"; exit 1; }
for e in e1 e2; do
  DUP=$( (grep "^ok /$e " "$WORK/received.log" || true) | awk '{print $3}' | sort | uniq -d | wc -l)
  [ "$DUP" = 0 ] || { log "FAIL: $DUP events acknowledged twice at /$e"; exit 1; }
done
log "PASS: each event delivered once per endpoint; the one in flight on the killed instance was delivered by the survivor"
