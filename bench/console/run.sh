#!/usr/bin/env bash
# The console's pages under load: Contas (first page, and a search by document) and the IMPORTAR
# progress poll, each at 8 concurrent users, with 100,000 accounts in the distributor.
#   bash bench/console/run.sh                 (ACCOUNTS=100000 DURATION=20s USERS=8)
# Goal (issue 13): p95 <= 50 ms each. Uses the packaged jar and a throwaway PostgreSQL 15.
source "$(dirname "$0")/../imports/lib.sh"
# plain HTTP on loopback: the console's cookies without Secure (production keeps them Secure)
APP_OPTS="${APP_OPTS:-} -Daval.console.secure-cookies=false"
ACCOUNTS=${ACCOUNTS:-100000}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
USERS=${USERS:-8}
trap cleanup EXIT
command -v wrk >/dev/null || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

start_pg
start_app
D=console-bench
KEY=$(new_tenant "$D")
gen_csv "$ACCOUNTS" "$WORK/accounts.csv"
IMPORT=$(upload "$KEY" "$D" CREATE "$WORK/accounts.csv")
[ "$(wait_done "$KEY" "$D" "$IMPORT")" = COMPLETED ] || { log "the seeding import did not complete"; exit 1; }
log "accounts: $(psql_ -c "select count(*) from credit_account where distributor_id = '$D'")"

EMAIL=analista-$$@bench.aval.dev
SETUP=$(curl -fs -X POST "$BASE/v1/distributors/$D/users" -H "Authorization: Bearer $ADMIN_KEY" \
  -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"name\":\"Analista\",\"role\":\"OPERATOR\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["setupUrl"])')
COOKIE=$(python3 "$ROOT/bench/console/session.py" "$BASE" "$SETUP" "$EMAIL" "bench-password-2026")
SEARCH=$(sed -n '50000p' "$WORK/accounts.csv" | cut -d, -f2)
SEARCH_EMAIL=$(sed -n '50000p' "$WORK/accounts.csv" | cut -d, -f3)

measure() { # NAME PATH — the page must answer 200 with its content (a redirect to sign-in would be fast and wrong)
  local code; code=$(curl -s -o "$WORK/page" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE$2")
  [ "$code" = 200 ] && grep -q -E "$3" "$WORK/page" || { log "$1: answered $code without /$3/"; exit 1; }
  wrk -t2 -c"$USERS" -d"$WARMUP" -H "Cookie: $COOKIE" "$BASE$2" >/dev/null 2>&1
  printf '%-18s %s\n' "$1" "$(wrk -t2 -c"$USERS" -d"$DURATION" -H "Cookie: $COOKIE" -s "$ROOT/bench/console/p95.lua" "$BASE$2" | tail -1)"
}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1); $ACCOUNTS accounts; $USERS users; wrk -d$DURATION"
measure "contas first page" "/console/accounts" '(<tr>.*){3}|<td class="nowrap"><a href="/console/accounts/'
measure "contas search" "/console/accounts?q=$SEARCH" "$SEARCH_EMAIL"
measure "import progress" "/console/imports/$IMPORT/progress" '"status":"COMPLETED"'
echo "a Contas page: 50 accounts, their holders and reserved amounts (three queries), rendered by Qute"
