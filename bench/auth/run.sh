#!/usr/bin/env bash
# Real calls during a flood of bad keys, in one run on the packaged jar:
#   bash bench/auth/run.sh     (DURATION=20s WARMUP=5s REAL_CONNECTIONS=4 FLOOD_CONNECTIONS=32)
# Real calls: POST eligibility (a key look-up from the cache, one query) with wrk -t1 -c4, alone,
# then while a second wrk (-t1 -c32) floods GET /v1/me with bad keys of three kinds (flood.lua):
# malformed tokens and fresh well-shaped unknown keys from random addresses, and one unknown key
# repeated from one address; then the same malformed flood on WIDE_CONNECTIONS connections (each
# refusal waits out aval.rate-limit.failed-auth-delay, so a flood's rate is its connections over
# that delay: the wide one is the attacker who opens many). Prints each flood's rate and answers,
# the real calls' p50/p99, and p99 ratios against the better of the two runs alone.
HERE=$(cd "$(dirname "$0")" && pwd)
export PG_PORT=${PG_PORT:-55441} APP_PORT=${APP_PORT:-8441} PG_DIR=${PG_DIR:-/tmp/aval-bench-auth-pg}
export APP_LOG=${APP_LOG:-/tmp/aval-bench-auth-app.log}
source "$HERE/../lib.sh"
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
REAL_CONNECTIONS=${REAL_CONNECTIONS:-4}
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-32}
WIDE_CONNECTIONS=${WIDE_CONNECTIONS:-4000}
OUT=${OUT:-$ROOT/bench/results/auth-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
trap cleanup EXIT

ensure_tools
build_jar
start_pg
# the flood's addresses arrive in X-Forwarded-For from loopback, as from an ingress
export AVAL_HTTP_TRUSTED_PROXIES=127.0.0.1
start_app

D=bench-auth
api PUT "/v1/distributors/$D" "$ADMIN_KEY" '{"name":"Bench auth"}' >/dev/null
KEY=$(api POST "/v1/distributors/$D/api-keys" "$ADMIN_KEY" '{"name":"bench","role":"CHECKOUT"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
api PUT "/v1/distributors/$D/customers/52998224725/status" "$ADMIN_KEY" '{"status":"APV"}' >/dev/null
cat > "$OUT/real.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"document":"52998224725","cartTotal":150.00}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
LUA
REAL_URL="http://127.0.0.1:$APP_PORT/v1/distributors/$D/eligibility"
curl -s -X POST "$REAL_URL" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"document":"52998224725","cartTotal":150.00}' | grep -q '"canPurchase"' || { echo "eligibility does not answer"; exit 1; }

lookups() {
  curl -s "http://127.0.0.1:$APP_PORT/q/metrics" | awk '/^aval_auth_key_lookups_total/ {printf "%d", $2}'
}
real() { # name
  wrk -t1 -c"$REAL_CONNECTIONS" -d"$DURATION" --latency -s "$OUT/real.lua" "$REAL_URL" >"$OUT/$1.txt" 2>&1
  printf '%-22s real calls: %s\n' "$1" "$(wrk_summary "$OUT/$1.txt")"
}
flood() { # kind [name connections]
  local kind=$1 name=${2:-$1} connections=${3:-$FLOOD_CONNECTIONS} before after secs
  before=$(lookups)
  secs=$(( ${DURATION%s} + 4 ))
  wrk -t1 -c"$connections" -d"${secs}s" --latency -s "$HERE/flood.lua" "http://127.0.0.1:$APP_PORT" -- "$kind" \
    >"$OUT/flood-$name.txt" 2>&1 &
  local flood_pid=$!
  sleep 2
  real "during-$name"
  wait "$flood_pid"
  after=$(lookups)
  printf '%-22s flood on %s connections: %s req/s (all non-2xx: %s), key look-ups in the database: %s\n' "  $name" \
    "$connections" "$(awk '/Requests\/sec/ {print $2}' "$OUT/flood-$name.txt")" \
    "$(awk '/Non-2xx/ {print $NF}' "$OUT/flood-$name.txt")" "$((after - before))"
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "real: wrk -t1 -c$REAL_CONNECTIONS -d$DURATION POST eligibility; flood: wrk -t1 -c$FLOOD_CONNECTIONS (wide: -c$WIDE_CONNECTIONS) GET /v1/me with bad keys"
wrk -t1 -c"$REAL_CONNECTIONS" -d"$WARMUP" -s "$OUT/real.lua" "$REAL_URL" >/dev/null 2>&1
wrk -t1 -c"$FLOOD_CONNECTIONS" -d"$WARMUP" -s "$HERE/flood.lua" "http://127.0.0.1:$APP_PORT" -- malformed >/dev/null 2>&1
real alone
flood malformed
flood unknown
flood repeated
flood malformed wide "$WIDE_CONNECTIONS"
real alone-again
base=$(for n in alone alone-again; do awk '/^ +99%/ {print $2}' "$OUT/$n.txt"; done | python3 -c '
import re, sys
ms = lambda v: float(re.match(r"([\d.]+)", v).group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[re.match(r"[\d.]+(\w+)", v).group(1)]
print(min(sys.stdin.read().split(), key=ms))')
echo "p99 ratios against the better run alone ($base):"
for n in during-malformed during-unknown during-repeated during-wide alone alone-again; do
  p=$(awk '/^ +99%/ {print $2}' "$OUT/$n.txt")
  python3 - "$base" "$p" "$n" <<'PY'
import sys, re
def ms(v):
    n, u = re.match(r'([\d.]+)(\w+)', v).groups()
    return float(n) * {'us': 0.001, 'ms': 1, 's': 1000}[u]
b, p = ms(sys.argv[1]), ms(sys.argv[2])
print(f"  {sys.argv[3]:<18} {p / b:.2f}x")
PY
done
echo "raw wrk output in $OUT"
