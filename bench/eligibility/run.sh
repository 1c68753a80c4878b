#!/usr/bin/env bash
# Eligibility vs. the constant authenticated endpoint, in one run, on the packaged jar.
#   bash bench/eligibility/run.sh            (DURATION=30s CONNECTIONS=32 THREADS=2 CUSTOMERS=100000)
# Seeds 100,000 customers over 10 distributors (10,000 of them with a credit account, a hold and an
# invoice) once, then ROUNDS times (default 1), once per CACHES setting of the eligibility cache
# (default "false true"): starts the jar, warms each endpoint up and measures constant,
# eligibility, eligibility with every credit check, constant again; stops the jar. Same
# database, same seed, same wrk settings each round, so rounds show the noise. JAVA_OPTS or any
# AVAL_*/QUARKUS_* variable exported by the caller reach the jar, to compare settings in one run;
# JVMS="a=FLAGS|b=FLAGS" runs each round once per JVM setting (CACHES=true JVMS=... compares them).
source "$(dirname "$0")/../lib.sh"
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
CUSTOMERS=${CUSTOMERS:-100000}
ROUNDS=${ROUNDS:-1}
OUT=${OUT:-$ROOT/bench/results/eligibility-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
trap cleanup EXIT

ensure_tools
build_jar
start_pg
[ -n "${PG_SETUP_SQL:-}" ] && psql_do -c "$PG_SETUP_SQL"
start_app

echo "seeding $CUSTOMERS customers over 10 distributors"
dists=() keys=()
for i in $(seq 0 9); do
  d="bench-$i"
  api PUT "/v1/distributors/$d" "$ADMIN_KEY" "{\"name\":\"Bench $i\"}" >/dev/null
  k=$(api POST "/v1/distributors/$d/api-keys" "$ADMIN_KEY" '{"name":"bench","role":"CHECKOUT"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
  dists+=("$d") keys+=("$k")
done
python3 "$ROOT/bench/eligibility/seed.py" "$OUT" "$CUSTOMERS" "$(IFS=,; echo "${dists[*]}")" "$(IFS=,; echo "${keys[*]}")"
psql_do <<SQL
create temp table seed (id uuid, distributor_id text, document text, document_type text, status text, occurred timestamptz);
\copy seed from '$OUT/customers.csv' csv
insert into customer (id, distributor_id, document, document_type, status, status_occurred_at, created_at, updated_at)
select id, distributor_id, document, document_type, status, occurred, now(), now() from seed;
SQL
psql_do -c "analyze customer"
echo "customers: $(psql_do -At -c 'select count(*) from customer')"
# eligibility with every credit check: CREDIT_ACCOUNTS approved customers of bench-0 get an OPEN
# account (limit 5,000, tolerance 10%) with an ACTIVE hold of 300 and an OPEN invoice of 700 due in
# 30 days; their calls name the account's email and a cart of 1,500 (every credit rule is evaluated)
psql_do <<SQL
create temp table acc as
  select gen_random_uuid() as id, distributor_id, document, document_type from customer
   where status = 'APV' and distributor_id = 'bench-0' limit ${CREDIT_ACCOUNTS:-10000};
insert into credit_account (id, distributor_id, document, document_type, email, status, credit_limit, tolerance,
                            outstanding, created_at, updated_at)
  select id, distributor_id, document, document_type, 'compras@cliente.com.br', 'OPEN', 5000, 0.1, 700, now(), now()
    from acc;
create temp table h as select gen_random_uuid() as id, id as account_id, distributor_id from acc;
insert into credit_hold (id, account_id, distributor_id, order_id, amount, status, expires_at, actor, created_at, updated_at)
  select id, account_id, distributor_id, 'bench-' || id, 300, 'ACTIVE', now() + interval '7 days', 'bench', now(), now()
    from h;
insert into credit_invoice (id, account_id, distributor_id, hold_id, order_id, installment, installments, amount,
                            status, due_date, created_at, updated_at)
  select gen_random_uuid(), account_id, distributor_id, id, 'bench-invoice', 1, 1, 700, 'OPEN', current_date + 30,
         now(), now()
    from h;
\copy (select document from acc) to '$OUT/credit-documents.txt'
SQL
psql_do -c "analyze credit_account" -c "analyze credit_hold" -c "analyze credit_invoice"
awk -v k="${keys[0]}" '{print "bench-0", k, $1}' "$OUT/credit-documents.txt" > "$OUT/credit-targets.txt"
echo "credit accounts: $(wc -l < "$OUT/credit-targets.txt") (each with a hold and an invoice)"
stop_app

# the database alone: the same statement through pgbench (16 clients, prepared), its ceiling here
psql_do -c "create table bench_targets (i serial primary key, distributor_id text, document text)"
awk 'NR <= 20000 {print $1 "," $3}' "$OUT/targets.txt" > "$OUT/bench_targets.csv"
psql_do -c "\\copy bench_targets (distributor_id, document) from '$OUT/bench_targets.csv' csv"
python3 "$ROOT/bench/eligibility/pgbench-script.py" "$ROOT/src/main/java/dev/aval/eligibility/EligibilityQuery.java" "$OUT/pgbench.sql"

me_key=${keys[0]}
run() { # name, then wrk args
  local name=$1; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" >/dev/null 2>&1
  local before after requests pg_before pg_after
  before=$(cpu_ticks "$APP_PID"); pg_before=$(pg_ticks)
  # wrk's own CPU too: it shares the 2 cores with the service and PostgreSQL
  /usr/bin/time -o "$OUT/$name.time" -f '%U %S' \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$OUT/$name.txt" 2>"$OUT/$name.err"
  after=$(cpu_ticks "$APP_PID"); pg_after=$(pg_ticks)
  requests=$(awk '/requests in/ {print $1}' "$OUT/$name.txt")
  # CPU per request: steadier than req/s on shared cores
  printf '%-28s %s, CPU/request: service %s µs, PostgreSQL %s µs, wrk %s µs\n' "$name" "$(wrk_summary "$OUT/$name.txt")" \
    "$(python3 -c "print(round(($after - $before) / $(getconf CLK_TCK) / $requests * 1e6))")" \
    "$(python3 -c "print(round(($pg_after - $pg_before) / $(getconf CLK_TCK) / $requests * 1e6))")" \
    "$(awk -v n="$requests" '{printf "%d", ($1 + $2) * 1e6 / n}' "$OUT/$name.time")"
}
rps() { awk '/Requests\/sec/ {print $2}' "$OUT/$1.txt"; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up each); rounds: $ROUNDS"
summary=()
# CACHES: the eligibility cache's settings compared in one run (false: every call reads PostgreSQL);
# JVMS: JVM settings compared in one run, "name=flags" separated by | (default: JAVA_OPTS alone)
IFS='|' read -r -a jvms <<<"${JVMS:-default=${JAVA_OPTS:-}}"
for round in $(seq 1 "$ROUNDS"); do
for jvm in "${jvms[@]}"; do
for cache in ${CACHES:-false true}; do
  tag=$round-cache-$cache
  [ ${#jvms[@]} -gt 1 ] && tag=$round-${jvm%%=*}-cache-$cache
  JAVA_OPTS=${jvm#*=} AVAL_ELIGIBILITY_CACHE_ENABLED=$cache APP_LOG="$OUT/app-$tag.log" start_app
  echo "--- round $round, ${jvm%%=*} JVM ($(echo ${jvm#*=})), eligibility cache $cache (jar started, pid $APP_PID)"
  run "constant-$tag" -H "Authorization: Bearer $me_key" "http://127.0.0.1:$APP_PORT/v1/me"
  run "eligibility-$tag" -s "$ROOT/bench/eligibility/eligibility.lua" "http://127.0.0.1:$APP_PORT" -- "$OUT/targets.txt"
  run "credit-$tag" -s "$ROOT/bench/eligibility/eligibility.lua" "http://127.0.0.1:$APP_PORT" -- "$OUT/credit-targets.txt"
  run "constant2-$tag" -H "Authorization: Bearer $me_key" "http://127.0.0.1:$APP_PORT/v1/me"
  echo "    cache: $(curl -s "http://127.0.0.1:$APP_PORT/q/metrics" | grep -E '^aval_eligibility_cache_(requests_total|entries)' | sed -E 's/^aval_eligibility_cache_entries/entries/; s/.*result="([a-z]+)".* ([0-9.E]+)$/\1 \2/' | tr '\n' ' ')"
  stop_app
  ratio=$(python3 -c "print(f'{$(rps "eligibility-$tag") / (($(rps "constant-$tag") + $(rps "constant2-$tag")) / 2):.0%}')")
  credit=$(python3 -c "print(f'{$(rps "credit-$tag") / $(rps "eligibility-$tag"):.0%}')")
  summary+=("$(printf '%-28s %s, eligibility / constant (mean of the runs around it) %s, credit / eligibility %s' \
    "round $round, ${jvm%%=*}, cache $cache" "$(wrk_summary "$OUT/eligibility-$tag.txt")" "$ratio" "$credit")")
  for f in eligibility credit; do
    grep -q "Non-2xx" "$OUT/$f-$tag.txt" && echo "WARNING: $f answered non-2xx statuses (see $OUT/$f-$tag.txt)"
  done
done
done
done
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c 16 -j 2 -T "${DURATION%s}" \
  -f "$OUT/pgbench.sql" postgres >"$OUT/pgbench.txt" 2>&1
printf '%-28s %s tps (PostgreSQL alone: the eligibility statement via pgbench, 16 clients)\n' pgbench \
  "$(awk '/^tps/ {printf "%.0f", $3}' "$OUT/pgbench.txt")"
printf '%s\n' "${summary[@]}"
echo "raw wrk output in $OUT"
