#!/usr/bin/env bash
# Proof that eligibility answers follow every change committed on any instance (issue 14 items
# 1-2): two packaged jars A and B on one throwaway PostgreSQL 15, driven by
# checks/eligibility-two-instances.py (its header defines the model and what a read
# "contradicting" a write means):
#  0. the model checker's self-test on made-up histories;
#  1. setup on A (settings, customers, credit accounts); 2. B's eligibility cache warmed;
#  3. each kind of change made on A (status, settings, account, limit, holders, holds, capture,
#     payment, credit note, postponement, cancellation, import row, hold expiry, close): neither
#     instance reflects it before, both within 5 s after; the lag of each is printed;
#  4. CHANGES status flips on A, B polled every 5 ms: lag p50/p95/p99/max (asserted p99 <= 1 s,
#     the goal of 100 ms is reported), B's answers meanwhile held to the same model;
#  5. B's LISTEN connection terminated with pg_terminate_backend (its pid from B's log line
#     "eligibility cache: listening for changes on backend pid N"; before the cache exists, B's
#     LISTEN connection found in pg_stat_activity) while A writes and B reads for 5 s: no B answer
#     misses a write acknowledged over 1 s before it; with the cache, resyncs grow and B listens again;
#  6. DURATION seconds of random writes (status flips, holds placed and released) on 50 documents,
#     sent to A or B at random, reads on both: no read contradicts a write acknowledged over 1 s
#     before it was sent. Counts of reads, writes and violations (must be 0) are printed.
# Until the cache lands every answer comes from the database and every step passes; each step
# asserts what a stale cache would break. About 2 minutes on 2 cores.
# Usage (from the repository root, after ./mvnw package): checks/eligibility-two-instances.sh
# Settings: CHANGES (300), DURATION (20 s), REFLECT_BOUND (5 s: how long step 3 waits for each
# change; 1 makes it strict), EXTRA_OPTS (more -D options for both instances, e.g.
# -Daval.eligibility.cache.enabled=false), JAR (another packaged jar, e.g. main's, default this
# checkout's), KEEP_WORK=1 keeps the logs.
source "$(dirname "$0")/../bench/imports/lib.sh"
CHANGES=${CHANGES:-300}
DURATION=${DURATION:-20}
PORT_A=$(free_port); PORT_B=$(free_port)
PID_A=; PID_B=
stop_all() {
  stop_pids $PID_A $PID_B
  cleanup
}
trap stop_all EXIT

start_instance() { # start_instance NAME PORT → prints the pid
  java -Xmx384m -Dquarkus.http.port="$2" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
    -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:$PG_PORT/postgres" \
    -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=postgres \
    -Daval.admin-api-key="$ADMIN_KEY" -Daval.rate-limit.requests-per-second=0 \
    -Dquarkus.log.console.json.enabled=false ${EXTRA_OPTS:-} \
    -jar "$JAR" >>"$WORK/app-$1.log" 2>&1 &
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

JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
[ -f "$JAR" ] || { log "no $JAR: build first (./mvnw -B -q package -DskipTests)"; exit 1; }
if grep -rqs EligibilityCache "$ROOT/src/main/java/dev/aval/eligibility"; then
  log "jar $JAR; this checkout has an EligibilityCache in src/main/java/dev/aval/eligibility"
else
  log "jar $JAR; this checkout has no EligibilityCache in src/main/java/dev/aval/eligibility"
fi
start_pg
PID_A=$(start_instance A "$PORT_A"); PID_B=$(start_instance B "$PORT_B")
await_ready "$PORT_A" "$PID_A" A; await_ready "$PORT_B" "$PID_B" B
BASE=http://127.0.0.1:$PORT_A
D=cache-$$
KEY=$(new_tenant "$D")

STARTED=$(date +%s)
rc=0
PORT_A=$PORT_A PORT_B=$PORT_B PID_B=$PID_B KEY=$KEY ADMIN_KEY=$ADMIN_KEY DISTRIBUTOR=$D \
  LOG_B="$WORK/app-B.log" PG_PORT=$PG_PORT PG_BIN=$PG_BIN CHANGES=$CHANGES DURATION=$DURATION \
  REFLECT_BOUND=${REFLECT_BOUND:-5} \
  python3 "$ROOT/checks/eligibility-two-instances.py" || rc=$?
ERRORS=$(cat "$WORK/app-A.log" "$WORK/app-B.log" | grep -c ' ERROR ' || true)
log "driver done in $(( $(date +%s) - STARTED )) s; ERROR lines in the instances' logs: $ERRORS"
[ "$rc" = 0 ] || { log "FAIL (logs: $WORK/app-A.log, $WORK/app-B.log; KEEP_WORK=1 keeps them)"; exit 1; }
log "PASS"
