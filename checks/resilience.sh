#!/usr/bin/env bash
# Resilience check against the packaged jar and a throwaway PostgreSQL 15:
#   ready UP + API OK  ->  PostgreSQL stopped  ->  ready DOWN + API 503 problem+json, quickly
#   ->  PostgreSQL back  ->  ready UP + API OK again, same process.
# Then the same with PostgreSQL frozen (SIGSTOP: connections accepted, nothing answered, as in
# a network partition), where only the request deadline (aval.http.request-timeout) bounds the wait.
# Exits non-zero on the first failed check; always stops what it started and deletes its files.
#
# Usage: ./mvnw -B package -DskipTests && checks/resilience.sh
# Env:   PG_PORT, APP_PORT (default: free ports picked at start), REQUEST_TIMEOUT (default 2S, the app's
#        deadline), MAX_503_SECONDS (default 3; the bound for a 503 to arrive),
#        JAR (default target/quarkus-app/quarkus-run.jar), PG_BIN (default /usr/lib/postgresql/15/bin)
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/ports.sh
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-$(free_port)}
APP_PORT=${APP_PORT:-$(free_port)}
REQUEST_TIMEOUT=${REQUEST_TIMEOUT:-2S}
MAX_503_SECONDS=${MAX_503_SECONDS:-3}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
ADMIN_KEY="avk_resilience_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
DB_PASSWORD="pw_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
BASE="http://127.0.0.1:${APP_PORT}"
DISTRIBUTOR="resilience-check"
ELIGIBILITY='{"document":"52998224725","cartTotal":10}'

WORK=$(mktemp -d /tmp/aval-resilience.XXXXXX)
APP_PID=""
PG_PID=""
FAILED=0

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { log "FAIL: $*"; FAILED=1; exit 1; }
pass() { log "ok:   $*"; }

pg() { runuser -u postgres -- "$@"; }
pg_running() { pg "$PG_BIN/pg_ctl" -D "$WORK/data" status >/dev/null 2>&1; }

cleanup() {
  local rc=$?
  [[ -n "$PG_PID" ]] && kill -CONT "$PG_PID" $(pgrep -P "$PG_PID") 2>/dev/null
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$APP_PID" 2>/dev/null || true
  fi
  if [[ -d "$WORK/data" ]] && pg_running; then
    pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [[ $rc -ne 0 || $FAILED -ne 0 ]]; then
    log "--- last lines of PostgreSQL's log ---"
    tail -n 20 "$WORK/pg.log" 2>/dev/null || true
    log "--- last lines of the application log ---"
    tail -n 40 "$WORK/app.log" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites -------------------------------------------------------------------------
[[ -f "$JAR" ]] || fail "$JAR not found: run ./mvnw -B package -DskipTests first"
if [[ ! -x "$PG_BIN/initdb" ]]; then
  log "PostgreSQL 15 not found in $PG_BIN: installing it"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
command -v curl >/dev/null || fail "curl is required"

# --- PostgreSQL ------------------------------------------------------------------------------
chown postgres "$WORK"
printf '%s\n' "$DB_PASSWORD" > "$WORK/pwfile"
chown postgres "$WORK/pwfile"
pg "$PG_BIN/initdb" -D "$WORK/data" -U postgres --pwfile="$WORK/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 >/dev/null
start_pg() {
  pg "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w -t 30 \
    -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
}
start_pg
pg "$PG_BIN/createdb" -h "$WORK" -p "$PG_PORT" -U postgres aval
log "PostgreSQL 15 on 127.0.0.1:$PG_PORT"

# --- application -------------------------------------------------------------------------
QUARKUS_HTTP_PORT="$APP_PORT" \
QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:${PG_PORT}/aval" \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:${PG_PORT}/aval" \
QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
AVAL_ADMIN_API_KEY="$ADMIN_KEY" \
AVAL_HTTP_REQUEST_TIMEOUT="$REQUEST_TIMEOUT" \
  java -Xmx256m -jar "$JAR" > "$WORK/app.log" 2>&1 &
APP_PID=$!
log "application pid $APP_PID on port $APP_PORT"

# status <method> <path> [curl args...]: prints "<http code> <seconds>"
status() {
  local method=$1 path=$2; shift 2
  curl -s -o "$WORK/body" -w '%{http_code} %{time_total}' --max-time 30 -X "$method" \
    -H "Authorization: Bearer $ADMIN_KEY" "$@" "$BASE$path" || echo "000 30"
}

# wait_for <seconds> <expected codes regex> <path>: polls until the path answers a matching code.
# Probes time out after 3 s, as the Kubernetes probes do (k8s/base/deployment.yaml): a probe that
# does not answer in time counts as "000", which Kubernetes treats as a failure (not ready).
wait_for() {
  local seconds=$1 expected=$2 path=$3 code end=$((SECONDS + $1))
  while (( SECONDS < end )); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$BASE$path" || true)
    [[ "$code" =~ ^($expected)$ ]] && return 0
    kill -0 "$APP_PID" 2>/dev/null || fail "the application exited"
    sleep 0.25
  done
  return 1
}

api_ok() {
  local phase=$1 result code
  result=$(status PUT "/v1/distributors/$DISTRIBUTOR" -H 'Content-Type: application/json' \
    -d '{"name":"Resilience check"}')
  code=${result%% *}
  [[ "$code" == 200 || "$code" == 201 ]] || fail "$phase: PUT distributor answered $code: $(cat "$WORK/body")"
  result=$(status GET "/v1/distributors/$DISTRIBUTOR")
  [[ "${result%% *}" == 200 ]] || fail "$phase: GET distributor answered ${result%% *}: $(cat "$WORK/body")"
  # eligibility runs on the event loops' own connections: they must come back by themselves too
  # (a call racing the return may still meet a dropped connection: a few tries are allowed)
  local tries=0
  until result=$(status POST "/v1/distributors/$DISTRIBUTOR/eligibility" -H 'Content-Type: application/json' \
      -d "$ELIGIBILITY") && [[ "${result%% *}" == 200 ]]; do
    tries=$((tries + 1))
    (( tries < 5 )) || fail "$phase: eligibility answered ${result%% *}: $(cat "$WORK/body")"
    sleep 0.5
  done
  pass "$phase: API answers 200 (distributor, eligibility)"
}

wait_for 90 200 /q/health/ready || fail "ready did not go UP within 90 s"
pass "ready UP"
api_ok "before the outage"

# outage <stop|freeze>: takes PostgreSQL away, checks the app degrades cleanly, brings it back
outage() {
  local how=$1 path result code seconds ctype
  if [[ "$how" == stop ]]; then
    pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null
  else
    PG_PID=$(head -1 "$WORK/data/postmaster.pid")
    kill -STOP "$PG_PID" $(pgrep -P "$PG_PID")
  fi
  log "PostgreSQL taken away ($how)"

  if [[ "$how" == stop ]]; then
    wait_for 20 503 /q/health/ready || fail "$how: ready did not go DOWN (503) within 20 s"
    pass "$how: ready DOWN (503)"
  else
    wait_for 20 '503|000' /q/health/ready || fail "$how: ready still UP 20 s into the outage"
    pass "$how: ready DOWN (503 or no answer within the probe timeout)"
  fi

  for path in "/v1/distributors/$DISTRIBUTOR" "/v1/distributors/$DISTRIBUTOR/api-keys"; do
    result=$(status GET "$path" -H "X-Request-Id: resilience-$how-1")
    code=${result%% *}
    seconds=${result#* }
    [[ "$code" == 503 ]] || fail "$how: GET $path answered $code (want 503): $(cat "$WORK/body")"
    awk -v s="$seconds" -v max="$MAX_503_SECONDS" 'BEGIN { exit !(s <= max) }' \
      || fail "$how: GET $path took ${seconds}s to answer 503 (bound ${MAX_503_SECONDS}s)"
    grep -q '"code":"SERVICE_UNAVAILABLE"' "$WORK/body" || fail "$how: 503 body has no SERVICE_UNAVAILABLE code: $(cat "$WORK/body")"
    ctype=$(curl -s -o /dev/null -w '%{content_type}' --max-time 30 -H "Authorization: Bearer $ADMIN_KEY" "$BASE$path" || true)
    [[ "$ctype" == application/problem+json* ]] || fail "$how: 503 content type is '$ctype'"
    pass "$how: GET $path -> 503 SERVICE_UNAVAILABLE problem+json in ${seconds}s"
  done

  result=$(status POST "/v1/distributors/$DISTRIBUTOR/eligibility" -H 'Content-Type: application/json' -d "$ELIGIBILITY")
  code=${result%% *}
  seconds=${result#* }
  [[ "$code" == 503 ]] || fail "$how: eligibility answered $code (want 503): $(cat "$WORK/body")"
  awk -v s="$seconds" -v max="$MAX_503_SECONDS" 'BEGIN { exit !(s <= max) }' \
    || fail "$how: eligibility took ${seconds}s to answer 503 (bound ${MAX_503_SECONDS}s)"
  grep -q '"code":"SERVICE_UNAVAILABLE"' "$WORK/body" || fail "$how: eligibility's 503 body has no SERVICE_UNAVAILABLE code: $(cat "$WORK/body")"
  pass "$how: POST eligibility -> 503 SERVICE_UNAVAILABLE in ${seconds}s"

  # JSON logs in prod carry the request id; keys never appear in logs
  grep -q "\"requestId\":\"resilience-$how-1\"" "$WORK/app.log" \
    || fail "$how: no JSON log line carries the request id of the outage call"
  pass "$how: JSON log lines carry the request id"
  if grep -q "$ADMIN_KEY" "$WORK/app.log"; then fail "the admin API key appears in the log"; fi
  pass "$how: the admin API key never appears in the log"

  if [[ "$how" == stop ]]; then
    start_pg
  else
    kill -CONT "$PG_PID" $(pgrep -P "$PG_PID")
    PG_PID=""
  fi
  log "PostgreSQL back"
  wait_for 60 200 /q/health/ready || fail "$how: ready did not come back UP within 60 s"
  pass "$how: ready UP again"
  api_ok "after the $how outage"
}

outage stop
outage freeze

kill -0 "$APP_PID" 2>/dev/null || fail "the application process is gone"
pass "the same process ($APP_PID) served before, during and after the outage"
log "PASS"
