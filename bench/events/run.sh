#!/usr/bin/env bash
# What change events cost the write paths (issue 12 item 7), BEFORE and AFTER in one run:
#   bash bench/events/run.sh     (BEFORE_REF=<git ref> ROUNDS=3 DURATION=20s WARMUP=5s ROWS=100000
#                                 ACCOUNTS=1000 PAIRS=16 BATCH_CONNECTIONS=4 HOLD_CONNECTIONS=32;
#                                 LAG=0 skips the delivery lag, ROUNDS=0 the before/after rounds;
#                                 PG_STATS=1 lists the lag phase's SQL by time spent)
# BEFORE is a jar built in a temporary git worktree of BEFORE_REF (default HEAD) with EventLog's
# appends turned into no-ops (the same code writing no event: nothing for the sequencer to number or
# deliver); with BEFORE_REF set, that commit as it is. AFTER is the working tree's jar. Rounds alternate
# B, A, B, A (ROUNDS pairs), each on a fresh database of one throwaway PostgreSQL 15, measuring:
#   1. status batches of 1,000 items (req/s; every item flips a status, so each is APPLIED),
#   2. holds spread over ACCOUNTS accounts (req/s, as bench/credit's "holds spread"),
#   3. an import (CREATE) of ROWS rows (seconds, finishedAt - createdAt);
# after each load, until every event it committed is numbered (the sequencer's backlog: status batches
# make ~20,000 events a second, and numbering them would otherwise overlap the next load).
# Then, on the AFTER jar only, with a webhook receiver on loopback (python3 http.server) registered for
# every type, the same three loads again, and the delivery lag (event time -> received) of what they
# emitted: p50, p99, max per load — holds on one connection, holds spread, an import of LAG_ROWS rows,
# status batches on LAG_BATCH_CONNECTIONS connection(s) last (each batch is 1,000 events: their flood
# outruns any one-request-per-event delivery), LAG_DURATION each, then until the backlog is delivered
# (DRAIN seconds at most). Before them, LAG_WARMUP of holds and of status batches, delivered and not
# counted, so that the JIT has compiled the delivery path as in a service that has run a while.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../ports.sh"
export PG_PORT=${PG_PORT:-$(free_port)} APP_PORT=${APP_PORT:-$(free_port)} PG_DIR=${PG_DIR:-/tmp/aval-bench-events-pg}
export APP_LOG=${APP_LOG:-/tmp/aval-bench-events-app.log}
source "$HERE/../lib.sh"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
ROWS=${ROWS:-100000}
ACCOUNTS=${ACCOUNTS:-1000}
PAIRS=${PAIRS:-16}
BATCH_CONNECTIONS=${BATCH_CONNECTIONS:-4}
HOLD_CONNECTIONS=${HOLD_CONNECTIONS:-32}
DRAIN=${DRAIN:-900} # seconds at most to wait for the webhook backlog to drain
LAG_ROWS=${LAG_ROWS:-10000} # the import of the lag phase (its events are all delivered before the end)
LAG_DURATION=${LAG_DURATION:-10s} # each wrk load of the lag phase
LAG_BATCH_CONNECTIONS=${LAG_BATCH_CONNECTIONS:-1} # status batches of the lag phase: ~1,000 events per request
LAG_WARMUP=${LAG_WARMUP:-10s} # holds, then status batches, delivered before the lag phases (0: none)
# PG_STATS=1: pg_stat_statements on; the lag phase prints what PostgreSQL spent, statement by statement,
# from the end of its warm-up to the end of its drain (the claims, the recording, the fan-out)
if [ "${PG_STATS:-0}" = 1 ]; then
  export PG_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on"
fi
NO_EVENTS=0
[ -n "${BEFORE_REF:-}" ] || { BEFORE_REF=HEAD; NO_EVENTS=1; }
OUT=${OUT:-$ROOT/bench/results/events-$(date -u +%Y%m%dT%H%M%SZ)}
WORK=$(mktemp -d /tmp/aval-bench-events-XXXXXX)
chmod 755 "$WORK"
mkdir -p "$OUT"
RECEIVER_PID=""
D=bench-events
URL="http://127.0.0.1:$APP_PORT"

finish() {
  stop_app
  [ -z "$RECEIVER_PID" ] || { kill "$RECEIVER_PID" 2>/dev/null || true; wait "$RECEIVER_PID" 2>/dev/null || true; }
  stop_pg
  git -C "$ROOT" worktree remove --force "$WORK/before-src" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap finish EXIT

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
load() { awk '{print $1}' /proc/loadavg; }

ensure_tools
log "BEFORE: $BEFORE_REF ($(git -C "$ROOT" log -1 --format='%h %s' "$BEFORE_REF"))$([ "$NO_EVENTS" = 1 ] && echo ' with no event written'); AFTER: the working tree of $(git -C "$ROOT" rev-parse --short HEAD)"
log "building BEFORE in a temporary worktree"
git -C "$ROOT" worktree add --detach "$WORK/before-src" "$BEFORE_REF" >/dev/null
if [ "$NO_EVENTS" = 1 ]; then
  # BEFORE writes no event: appendAll returns at once
  sed -i 's|^\(    public Uni<Void> appendAll(SqlConnection connection, List<Event> events) {\)$|\1\n        if (true) return Uni.createFrom().voidItem();|' \
    "$WORK/before-src/src/main/java/dev/aval/platform/EventLog.java"
  grep -q 'if (true) return Uni.createFrom().voidItem();' "$WORK/before-src/src/main/java/dev/aval/platform/EventLog.java" \
    || { log "could not turn EventLog's appends off in BEFORE"; exit 1; }
fi
(cd "$WORK/before-src" && ./mvnw -B -q package -DskipTests >"$WORK/before-build.log" 2>&1) \
  || { tail -30 "$WORK/before-build.log"; exit 1; }
cp -r "$WORK/before-src/target/quarkus-app" "$WORK/before"
log "building AFTER"
(cd "$ROOT" && ./mvnw -B -q package -DskipTests >"$WORK/after-build.log" 2>&1) || { tail -30 "$WORK/after-build.log"; exit 1; }
cp -r "$ROOT/target/quarkus-app" "$WORK/after"

start_pg
python3 "$HERE/bodies.py" "$WORK/bodies.txt" "$PAIRS"
python3 - "$ROWS" "$WORK/import.csv" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
def digit(s, w):
    r = sum(int(c) * (w - i) for i, c in enumerate(s)) % 11
    return 0 if r < 2 else 11 - r
with open(path, "w") as f:
    f.write("documentType,document,email,creditLimit,tolerance\n")
    for i in range(n):
        base = "%09d" % (100000000 + i * 7)
        d1 = digit(base, 10); d2 = digit(base + str(d1), 11)
        f.write("CPF,%s%d%d,cliente%d@example.com.br,%d.%02d,0.%04d\n" % (base, d1, d2, i, 1000 + i % 5000, i % 100, i % 10000))
PY

# start_jar DIR DB [java -D options...]: the packaged app of DIR on database DB
start_jar() {
  local dir=$1 db=$2; shift 2
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/$db" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$db" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
  AVAL_ADMIN_API_KEY="$ADMIN_KEY" AVAL_RATE_LIMIT_REQUESTS_PER_SECOND=0 QUARKUS_HTTP_PORT="$APP_PORT" \
    java -Xmx512m "$@" -jar "$dir/quarkus-run.jar" >>"$APP_LOG" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 240); do
    curl -sf "$URL/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$APP_LOG"; return 1; }
    sleep 0.5
  done
  log "the app did not become ready"; return 1
}

# prepare DB: a fresh database with the distributor, its keys (INTEGRATION, CHECKOUT) and the seed
prepare() {
  local db=$1
  psql_do -d postgres -c "drop database if exists $db" -c "create database $db"
  start_jar "$WORK/$2" "$db" "${@:3}"
  api PUT "/v1/distributors/$D" "$ADMIN_KEY" '{"name":"Bench events"}' >/dev/null
  KEY=$(api POST "/v1/distributors/$D/api-keys" "$ADMIN_KEY" '{"name":"bench","role":"INTEGRATION"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
  CHECKOUT=$(api POST "/v1/distributors/$D/api-keys" "$ADMIN_KEY" '{"name":"bench","role":"CHECKOUT"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
  [ -f "$WORK/targets.txt" ] || python3 "$HERE/../credit/seed.py" "$WORK" "$D" "$ACCOUNTS" 0
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -v ON_ERROR_STOP=1 -q <<SQL
create temp table c (id uuid, d text, doc text, t text, s text);
\copy c from '$WORK/customers.csv' csv
insert into customer (id, distributor_id, document, document_type, status, status_occurred_at, created_at, updated_at)
select id, d, doc, t, s, now(), now(), now() from c;
create temp table a (id uuid, d text, doc text, email text, outstanding numeric);
\copy a from '$WORK/accounts.csv' csv
insert into credit_account (id, distributor_id, document, document_type, email, status, credit_limit, tolerance,
                            outstanding, version, created_at, updated_at)
select id, d, doc, 'CPF', email, 'OPEN', 1000000.00, 0.1, outstanding, 1, now(), now() from a;
create temp table h (id uuid, account uuid, order_id text, amount numeric, status text);
\copy h from '$WORK/holds.csv' csv
insert into credit_hold (id, account_id, order_id, amount, captured_amount, status, expires_at, actor, created_at, updated_at)
select id, account, order_id, amount, case when status = 'CAPTURED' then amount end, coalesce(status, 'ACTIVE'),
       now() + interval '7 days', 'bench', now(), now() from h;
create temp table i (id uuid, account uuid, hold uuid, order_id text, amount numeric);
\copy i from '$WORK/invoices.csv' csv
insert into credit_invoice (id, account_id, hold_id, order_id, installment, installments, amount, paid_amount, status,
                            due_date, created_at, updated_at)
select id, account, hold, order_id, 1, 1, amount, 0, 'OPEN', current_date + 20, now(), now() from i;
analyze;
SQL
}

# measure NAME wrk-args...: a warm-up, then the measured run; prints "req/s cpu" where cpu is the CPU
# time (user + system) of the service and of PostgreSQL per request, in µs: the cost, less sensitive
# than the rate to what else runs on the machine
measure() {
  local name=$1 a0 p0 a1 p1; shift
  [ "$WARMUP" = 0 ] || wrk -d"$WARMUP" "$@" >/dev/null 2>&1
  a0=$(cpu_ticks "$APP_PID"); p0=$(pg_ticks)
  wrk -d"$DURATION" --latency "$@" >"$OUT/$name.txt" 2>"$OUT/$name.err"
  a1=$(cpu_ticks "$APP_PID"); p1=$(pg_ticks)
  [ -s "$OUT/$name.err" ] && { log "$name: $(sort "$OUT/$name.err" | uniq -c | head -3 | tr '\n' ' ')"; } || true
  python3 -c "
import sys
rps = float('$(awk '/Requests\/sec/ {print $2}' "$OUT/$name.txt")')
n = float('$(awk '/requests in/ {print $1}' "$OUT/$name.txt")')
hz = $(getconf CLK_TCK)
print(rps, round(($a1 - $a0 + $p1 - $p0) / hz / n * 1e6))
print('$name: service', round(($a1 - $a0) / hz / n * 1e6), 'µs, PostgreSQL', round(($p1 - $p0) / hz / n * 1e6), 'µs a request', file=sys.stderr)"
}

import_seconds() { # [FILE] → "seconds cpu" of a CREATE of the file: upload accepted -> last chunk committed,
  # and the service's and PostgreSQL's CPU per row in µs (from the upload until the job is seen ended)
  local id status a0 p0 file=${1:-$WORK/import.csv}
  a0=$(cpu_ticks "$APP_PID"); p0=$(pg_ticks)
  id=$(curl -sf -X POST "$URL/v1/distributors/$D/credit-accounts/imports?mode=CREATE" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: text/csv' --data-binary @"$file" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  for _ in $(seq 1 6000); do
    status=$(curl -sf "$URL/v1/distributors/$D/credit-accounts/imports/$id" -H "Authorization: Bearer $KEY" \
      | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["status"], j["createdAt"], j["finishedAt"], j["createdCount"])')
    case $status in
      COMPLETED*) python3 -c '
import sys, datetime
s, a, b, n, ticks, hz = sys.argv[1:]
p = lambda t: datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
print("%.2f %d" % ((p(b) - p(a)).total_seconds(), round(float(ticks) / float(hz) / int(n) * 1e6)))' \
        $status $(( $(cpu_ticks "$APP_PID") - a0 + $(pg_ticks) - p0 )) "$(getconf CLK_TCK)"; return;;
      FAILED*) log "import $id FAILED"; echo "0 0"; return;;
    esac
    sleep 0.2
  done
  log "import $id did not end"; echo "0 0"
}

# unnumbered DB: the count of committed, unnumbered events of DB, in either schema (a BEFORE_REF
# older than V21 has one row per event in "event")
unnumbered() {
  if [ "$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -Atq -c "select to_regclass('event_group') is null")" = t ]; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -Atq -c \
      "select count(*) from event where sequence is null and endpoint_id is null"
  else
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -Atq -c \
      "select count(*) from event_group where last_sequence is null and endpoint_id is null"
  fi
}

# settle DB: waits (10 minutes at most) until no committed event of DB is unnumbered; prints the seconds
settle() {
  local t0 n
  t0=$(date +%s.%N)
  for _ in $(seq 1 3000); do
    n=$(unnumbered "$1")
    [ "$n" = 0 ] && break
    sleep 0.2
  done
  python3 -c "print('%.1f' % ($(date +%s.%N) - $t0))"
}

# workload TAG DB: the three loads on the running app; appends to results "TAG status holds import load0
# load1 numbering... statusCpu holdsCpu importCpu"
workload() {
  local tag=$1 db=$2 s sc h hc i ic l0 l1 n1 n2 n3
  l0=$(load)
  read -r s sc < <(measure "statuses-$tag" -t2 -c"$BATCH_CONNECTIONS" -s "$HERE/statuses.lua" "$URL" -- "$WORK/bodies.txt" "$D" "$KEY")
  n1=$(settle "$db")
  read -r h hc < <(measure "holds-$tag" -t2 -c"$HOLD_CONNECTIONS" -s "$HERE/../credit/holds.lua" "$URL" -- "$WORK/targets.txt" "$D" "$CHECKOUT" spread)
  n2=$(settle "$db")
  read -r i ic < <(import_seconds)
  n3=$(settle "$db")
  l1=$(load)
  log "$tag: status batches $s req/s (${sc} µs CPU each), holds $h req/s (${hc} µs), import of $ROWS rows ${i}s" \
    "(${ic} µs a row); load $l0 -> $l1; numbering after each: ${n1}s, ${n2}s, ${n3}s"
  echo "$tag $s $h $i $l0 $l1 $n1 $n2 $n3 $sc $hc $ic" >>"$OUT/results.txt"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1); $(uptime)" | tee "$OUT/machine.txt"
: >"$OUT/results.txt"
for r in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    tag="${side:0:1}$r"
    prepare "bench_$tag" "$side"
    workload "$(echo "$tag" | tr ab AB)" "bench_$tag"
    stop_app
    psql_do -d postgres -c "drop database bench_$tag"
  done
done

if [ "${LAG:-1}" = 1 ]; then # LAG=0 skips the delivery lag
  log "delivery lag: AFTER with a webhook receiver registered for every type"
  HOOK_PORT=$(free_port)
  python3 "$HERE/receiver.py" "$HOOK_PORT" "$OUT/deliveries.txt" &
  RECEIVER_PID=$!
  prepare bench_lag after -Daval.webhooks.allow-http=true -Daval.webhooks.allow-private-targets=true
  api POST "/v1/distributors/$D/webhooks" "$KEY" "{\"url\":\"http://127.0.0.1:$HOOK_PORT/hook\"}" >/dev/null
  phase() { echo "$1 $(date +%s.%N)" >>"$OUT/phases.txt"; }
  : >"$OUT/phases.txt"
  head -n $((LAG_ROWS + 1)) "$WORK/import.csv" >"$WORK/import-lag.csv"
  drain() { # waits (DRAIN seconds at most) until every event is numbered and every delivery answered
    local deadline=$(($(date +%s) + DRAIN))
    while [ "$(date +%s)" -lt "$deadline" ]; do
      pending=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench_lag -Atq -c \
        "select count(*) from webhook_delivery where status = 'PENDING'")
      unsequenced=$(unnumbered bench_lag)
      [ "$pending" = 0 ] && [ "$unsequenced" = 0 ] && break
      sleep 1
    done
  }
  claims() { # the claims of due deliveries since CLAIMS0 (from aval_webhook_claims_seconds): count, mean, max
    curl -s "$URL/q/metrics" | awk -v base="${CLAIMS0:-0 0}" '/^aval_webhook_claims_seconds_count/ {n=$2}
      /^aval_webhook_claims_seconds_sum/ {s=$2} /^aval_webhook_claims_seconds_max/ {m=$2}
      END {split(base, b, " "); n -= b[1]; s -= b[2]
           if (RAW) print n + b[1], s + b[2]; else printf "%d claims, mean %.1f ms, max of the last minutes %.0f ms", n, n ? 1000 * s / n : 0, 1000 * m}' RAW="${RAW:-}"
  }
  if [ "$LAG_WARMUP" != 0 ]; then # the JIT's warm-up of the delivery path too, as a service that has run a while
    wrk -t2 -c"$HOLD_CONNECTIONS" -d"$LAG_WARMUP" -s "$HERE/../credit/holds.lua" "$URL" -- "$WORK/targets.txt" "$D" "$CHECKOUT" spread >/dev/null 2>&1
    wrk -t1 -c1 -d"$LAG_WARMUP" -s "$HERE/statuses.lua" "$URL" -- "$WORK/bodies.txt" "$D" "$KEY" >/dev/null 2>&1
    drain
    log "warm-up of $LAG_WARMUP holds and $LAG_WARMUP status batches delivered ($pending pending; $(claims)); the phases begin"
    CLAIMS0=$(RAW=1 claims)
  fi
  if [ "${PG_STATS:-0}" = 1 ]; then
    psql_do -d bench_lag -q -c "create extension if not exists pg_stat_statements" -c "select pg_stat_statements_reset()" >/dev/null
  fi
  phase light-holds
  read -r l _ < <(DURATION=$LAG_DURATION measure "holds-light" -t1 -c1 -s "$HERE/../credit/holds.lua" "$URL" -- "$WORK/targets.txt" "$D" "$CHECKOUT" spread)
  phase holds
  read -r h _ < <(DURATION=$LAG_DURATION measure "holds-lag" -t2 -c"$HOLD_CONNECTIONS" -s "$HERE/../credit/holds.lua" "$URL" -- "$WORK/targets.txt" "$D" "$CHECKOUT" spread)
  phase import
  read -r i _ < <(import_seconds "$WORK/import-lag.csv")
  phase statuses
  read -r s _ < <(DURATION=$LAG_DURATION measure "statuses-lag" -t1 -c"$LAG_BATCH_CONNECTIONS" -s "$HERE/statuses.lua" "$URL" -- "$WORK/bodies.txt" "$D" "$KEY")
  phase end
  log "with the webhook: holds on one connection $l req/s, holds $h req/s, import of $LAG_ROWS rows ${i}s," \
    "status batches on $LAG_BATCH_CONNECTIONS connection(s) $s req/s; waiting for the backlog"
  # the drain alone (no write load): deliveries a second and what each costs the service, PostgreSQL
  # and the receiver (a Python server on the same cores)
  t0=$(date +%s.%N) n0=$(wc -l <"$OUT/deliveries.txt") a0=$(cpu_ticks "$APP_PID") p0=$(pg_ticks) r0=$(cpu_ticks "$RECEIVER_PID")
  drain
  t1=$(date +%s.%N) n1=$(wc -l <"$OUT/deliveries.txt") a1=$(cpu_ticks "$APP_PID") p1=$(pg_ticks) r1=$(cpu_ticks "$RECEIVER_PID")
  log "$(awk -v n=$((n1 - n0)) -v t0="$t0" -v t1="$t1" -v a=$((a1 - a0)) -v p=$((p1 - p0)) -v r=$((r1 - r0)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN {n = n ? n : 1; t = t1 - t0; printf "the drain: %d deliveries in %.1f s, %.0f a second; CPU a delivery: service %.0f µs, PostgreSQL %.0f µs, receiver %.0f µs",
            n, t, n / t, a * 1e6 / hz / n, p * 1e6 / hz / n, r * 1e6 / hz / n}')"
  log "backlog: $pending pending deliveries, $unsequenced unnumbered events; during the phases and the drain: $(claims)"
  events=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench_lag -Atq -c "select coalesce(sum(n), 0) from event_group")
  failed=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench_lag -Atq -c "select status || ' ' || count(*) from webhook_delivery group by status")
  log "events $events; deliveries by status: $(echo "$failed" | tr '\n' ' ')"
  if [ "${PG_STATS:-0}" = 1 ]; then
    psql_do -d bench_lag -P pager=off -c "
      select calls, round((total_plan_time + total_exec_time)::numeric) as total_ms,
             round(((total_plan_time + total_exec_time) / nullif(calls, 0))::numeric, 2) as mean_ms,
             left(regexp_replace(query, '\s+', ' ', 'g'), 100) as statement
        from pg_stat_statements order by total_plan_time + total_exec_time desc limit 15" | tee "$OUT/pg-statements.txt"
  fi
fi

python3 - "$OUT" "$ROWS" <<'PY'
import sys
out, rows = sys.argv[1], int(sys.argv[2])
res = [l.split() for l in open(f"{out}/results.txt")]
def mean(side, col):
    v = [float(r[col]) for r in res if r[0].startswith(side)]
    return sum(v) / len(v)
print()
if not res:
    print("(no rounds: ROUNDS=0)")
print("| round | status batches of 1,000: req/s, CPU µs each | holds spread: req/s, CPU µs each | import of %d rows: s, CPU µs a row | numbering after each load (s) | load before → after |" % rows)
print("|---|---|---|---|---|---|")
for r in res:
    print(f"| {r[0]} | {float(r[1]):,.1f}, {int(r[9]):,} | {float(r[2]):,.0f}, {int(r[10]):,} | {float(r[3]):.2f}, {int(r[11]):,} | {r[6]} / {r[7]} / {r[8]} | {r[4]} → {r[5]} |")
if res:
    b = [mean("B", c) for c in (1, 2, 3, 9, 10, 11)]
    a = [mean("A", c) for c in (1, 2, 3, 9, 10, 11)]
    print(f"| mean B | {b[0]:,.1f}, {b[3]:,.0f} | {b[1]:,.0f}, {b[4]:,.0f} | {b[2]:.2f}, {b[5]:,.0f} | | |")
    print(f"| mean A | {a[0]:,.1f}, {a[3]:,.0f} | {a[1]:,.0f}, {a[4]:,.0f} | {a[2]:.2f}, {a[5]:,.0f} | | |")
    ratio = lambda x, y: f"{x / y - 1:+.0%}" if y else "n/a"
    print(f"| A vs B | {ratio(a[0], b[0])}, CPU {ratio(a[3], b[3])} | {ratio(a[1], b[1])}, CPU {ratio(a[4], b[4])} |"
          f" time {ratio(a[2], b[2])}, CPU {ratio(a[5], b[5])} | | |")

import os
if not os.path.exists(f"{out}/phases.txt"):
    sys.exit(0)
phases = [l.split() for l in open(f"{out}/phases.txt")]
bounds = [(phases[k][0], float(phases[k][1]), float(phases[k + 1][1])) for k in range(len(phases) - 1)]
lags = {name: [] for name, _, _ in bounds}
bad = 0
for line in open(f"{out}/deliveries.txt"):
    received, at, lag, kind = line.split()[:4]
    if float(lag) < 0:
        bad += 1
        continue
    for name, start, end in bounds:
        if start <= float(at) < end:
            lags[name].append(float(lag))
def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p))] if v else float("nan")
print()
print("| events made during | deliveries | lag p50 | lag p99 | lag max |")
print("|---|---|---|---|---|")
for name, v in lags.items():
    print(f"| {name} | {len(v):,} | {pct(v, .5):,.0f} ms | {pct(v, .99):,.0f} ms | {max(v) if v else float('nan'):,.0f} ms |")
if bad:
    print(f"({bad} unreadable deliveries)")
first, last = bounds[0][1], bounds[-1][2]
received = sorted(float(l.split()[0]) for l in open(f"{out}/deliveries.txt")
                  if first <= float(l.split()[1]) < last)  # the phases' events, not the warm-up's
if len(received) > 1:
    print(f"\n{len(received):,} deliveries received in {received[-1] - received[0]:,.0f} s:"
          f" {len(received) / (received[-1] - received[0]):,.0f} deliveries/s on average")
PY
echo "raw output in $OUT"
