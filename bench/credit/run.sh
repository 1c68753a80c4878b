#!/usr/bin/env bash
# Credit benchmark, in one run on the packaged jar:
#   bash bench/credit/run.sh     (DURATION=20s WARMUP=5s CONNECTIONS=32 THREADS=2 ACCOUNTS=1000 HOLDS=5)
#   JARS="before=/tmp/base/target/quarkus-app/quarkus-run.jar after=target/quarkus-app/quarkus-run.jar" \
#     ROUNDS=2 WARMUP=60s bash bench/credit/run.sh      (the hold path of two builds, alternating)
#   PG_STATS=1 bash bench/credit/run.sh   (where PostgreSQL's time goes, statement by statement, per hold)
# 1. GET /v1/me (constant, authenticated) next to eligibility with credit (APV customers with an
#    account, HOLDS open holds and an invoice each: the one query sums holds and checks overdue);
# 2. holds per second spread over ACCOUNTS accounts (after a warm-up), then all on one hot account
#    (each hold locks its account row, sums its active holds, inserts the hold and a statement
#    entry, and stores its Idempotency-Key answer; every request carries a fresh key).
HERE=$(cd "$(dirname "$0")" && pwd)
export PG_PORT=${PG_PORT:-55431} APP_PORT=${APP_PORT:-8431} PG_DIR=${PG_DIR:-/tmp/aval-bench-credit-pg}
export APP_LOG=${APP_LOG:-/tmp/aval-bench-credit-app.log}
if [ -f "$HERE/../lib.sh" ]; then source "$HERE/../lib.sh"; else source "$HERE/lib.sh"; fi
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ACCOUNTS=${ACCOUNTS:-1000}
HOLDS=${HOLDS:-5}
# JARS="before=PATH after=PATH": the holds of each build in turn, ROUNDS times (e.g. a worktree's jar)
ROUNDS=${ROUNDS:-2}
# PG_STATS=1: pg_stat_statements on; after the spread holds, the statements by time spent (calls, ms)
if [ "${PG_STATS:-0}" = 1 ]; then
  export PG_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on"
fi
OUT=${OUT:-$ROOT/bench/results/credit-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
trap cleanup EXIT

ensure_tools
build_jar
start_pg
start_app

D=bench-credit
api PUT "/v1/distributors/$D" "$ADMIN_KEY" '{"name":"Bench credit"}' >/dev/null
KEY=$(api POST "/v1/distributors/$D/api-keys" "$ADMIN_KEY" '{"name":"bench","role":"CHECKOUT"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
echo "seeding $ACCOUNTS APV customers with an account, $HOLDS open holds and one open invoice each"
python3 "$HERE/seed.py" "$OUT" "$D" "$ACCOUNTS" "$HOLDS"
psql_do <<SQL
create temp table c (id uuid, d text, doc text, t text, s text);
\copy c from '$OUT/customers.csv' csv
insert into customer (id, distributor_id, document, document_type, status, status_occurred_at, created_at, updated_at)
select id, d, doc, t, s, now(), now(), now() from c;
create temp table a (id uuid, d text, doc text, email text, outstanding numeric);
\copy a from '$OUT/accounts.csv' csv
insert into credit_account (id, distributor_id, document, document_type, email, status, credit_limit, tolerance,
                            outstanding, version, created_at, updated_at)
select id, d, doc, 'CPF', email, 'OPEN', 1000000.00, 0.1, outstanding, 1, now(), now() from a;
create temp table h (id uuid, account uuid, order_id text, amount numeric, status text);
\copy h from '$OUT/holds.csv' csv
insert into credit_hold (id, account_id, order_id, amount, captured_amount, status, expires_at, actor, created_at, updated_at)
select id, account, order_id, amount, case when status = 'CAPTURED' then amount end, coalesce(status, 'ACTIVE'),
       now() + interval '7 days', 'bench', now(), now() from h;
create temp table i (id uuid, account uuid, hold uuid, order_id text, amount numeric);
\copy i from '$OUT/invoices.csv' csv
insert into credit_invoice (id, account_id, hold_id, order_id, installment, installments, amount, paid_amount, status,
                            due_date, created_at, updated_at)
select id, account, hold, order_id, 1, 1, amount, 0, 'OPEN', current_date + 20, now(), now() from i;
analyze;
SQL
echo "accounts: $(psql_do -At -c 'select count(*) from credit_account'), active holds: $(psql_do -At -c "select count(*) from credit_hold where status = 'ACTIVE'")"

run() { # name, then wrk args
  local name=$1; shift
  [ "$WARMUP" = 0 ] || wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" >/dev/null 2>&1
  [ -z "${AFTER_WARMUP:-}" ] || eval "$AFTER_WARMUP"
  local before after pg_before pg_after requests
  before=$(cpu_ticks "$APP_PID")
  pg_before=$(pg_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$OUT/$name.txt" 2>"$OUT/$name.err"
  after=$(cpu_ticks "$APP_PID")
  pg_after=$(pg_ticks)
  requests=$(awk '/requests in/ {print $1}' "$OUT/$name.txt")
  printf '%-22s %s, CPU µs/request: service %s, PostgreSQL %s\n' "$name" "$(wrk_summary "$OUT/$name.txt")" \
    "$(python3 -c "print(round(($after - $before) / $(getconf CLK_TCK) / $requests * 1e6))")" \
    "$(python3 -c "print(round(($pg_after - $pg_before) / $(getconf CLK_TCK) / $requests * 1e6))")"
  [ -s "$OUT/$name.err" ] && { sort "$OUT/$name.err" | uniq -c | head -5; } || true
}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up each)"
URL="http://127.0.0.1:$APP_PORT"
if [ -z "${JARS:-}" ]; then
  run constant -H "Authorization: Bearer $KEY" "$URL/v1/me"
  run eligibility -s "$HERE/eligibility.lua" "$URL" -- "$OUT/targets.txt" "$D" "$KEY"
  # the wrk script does not read answers (that would cost wrk CPU on the shared cores): check a sample
  refused=0
  for i in $(shuf -i 0-$((ACCOUNTS - 1)) -n 20); do
    doc=$(sed -n "$((i + 1))p" "$OUT/targets.txt" | cut -d' ' -f1)
    curl -s -X POST "$URL/v1/distributors/$D/eligibility" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"document\":\"$doc\",\"email\":\"compras-$i@cliente.com.br\",\"cartTotal\":1500.00}" \
      | grep -q '"method":"BOLETO_FATURADO","allowed":true' || refused=$((refused + 1))
  done
  echo "eligibility sample: $((20 - refused)) of 20 answers allow BOLETO_FATURADO (expected: 20)"
  run constant2 -H "Authorization: Bearer $KEY" "$URL/v1/me"
  c=$(awk '/Requests\/sec/ {print $2}' "$OUT/constant.txt")
  c2=$(awk '/Requests\/sec/ {print $2}' "$OUT/constant2.txt")
  e=$(awk '/Requests\/sec/ {print $2}' "$OUT/eligibility.txt")
  echo "eligibility / constant (mean of the runs before and after): $(python3 -c "print(f'{$e / (($c + $c2) / 2):.0%}')")"
  if [ "${PG_STATS:-0}" = 1 ]; then
    psql_do -q -c "create extension if not exists pg_stat_statements" >/dev/null
    # counted from the end of the warm-up: the statements of the measured holds only
    AFTER_WARMUP='psql_do -q -c "select pg_stat_statements_reset()" >/dev/null' \
      run holds-spread -s "$HERE/holds.lua" "$URL" -- "$OUT/targets.txt" "$D" "$KEY" spread
  else
    run holds-spread -s "$HERE/holds.lua" "$URL" -- "$OUT/targets.txt" "$D" "$KEY" spread
  fi
  if [ "${PG_STATS:-0}" = 1 ]; then
    # per hold: how often each statement ran and its planning + execution time (not CPU: waits count)
    held=$(awk '/requests in/ {print $1}' "$OUT/holds-spread.txt")
    psql_do -P pager=off -c "
      select round(calls::numeric / $held, 2) as per_hold,
             round(((total_plan_time + total_exec_time) * 1000 / $held)::numeric, 1) as us_per_hold,
             round((total_exec_time * 1000 / nullif(calls, 0))::numeric, 1) as exec_us,
             left(regexp_replace(query, '\s+', ' ', 'g'), 90) as statement
        from pg_stat_statements where calls > $held / 20
       order by total_plan_time + total_exec_time desc limit 20" | tee "$OUT/pg-statements.txt"
  fi
  WARMUP=0 run holds-hot -s "$HERE/holds.lua" "$URL" -- "$OUT/targets.txt" "$D" "$KEY" hot
else
  # builds compared on the same database, alternating, each restarted with its own warm-up
  for round in $(seq 1 "$ROUNDS"); do
    for jar in $JARS; do
      stop_app
      # an older build next to a newer one's migrations: Flyway lets it start
      APP_JAR=${jar#*=} QUARKUS_FLYWAY_IGNORE_MIGRATION_PATTERNS='*:future' start_app
      run "holds-spread-${jar%%=*}-$round" -s "$HERE/holds.lua" "$URL" -- "$OUT/targets.txt" "$D" "$KEY" spread
      WARMUP=0 run "holds-hot-${jar%%=*}-$round" -s "$HERE/holds.lua" "$URL" -- "$OUT/targets.txt" "$D" "$KEY" hot
    done
  done
fi
hot=$(head -1 "$OUT/targets.txt" | cut -d' ' -f2)
echo "hot account after the run: $(psql_do -At -c "select count(*) || ' active holds, reserved ' || sum(amount) from credit_hold where account_id = '$hot' and status = 'ACTIVE'")"
echo "invariant check (accounts over limit × (1 + tolerance)): $(psql_do -At -c "
  select count(*) from credit_account a where a.outstanding + (select coalesce(sum(amount - coalesce(captured_amount, 0)), 0)
   from credit_hold h where h.account_id = a.id and h.status = 'ACTIVE' and h.expires_at > now())
   > a.credit_limit * (1 + a.tolerance)")"
echo "raw wrk output in $OUT"
