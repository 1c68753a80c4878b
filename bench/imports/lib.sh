# Shared by bench.sh and checks/import-crash-restart.sh: a throwaway Debian PostgreSQL 15 and the
# packaged jar on their own ports, a distributor with an INTEGRATION key, CSV generation, polling.
# Everything started here is stopped by `cleanup` (installed as an EXIT trap by the scripts).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
source "$ROOT/bench/ports.sh"
PG_PORT=${PG_PORT:-$(free_port)}
APP_PORT=${APP_PORT:-$(free_port)}
HEAP=${HEAP:-512m}
# APP_OPTS: extra JVM options / -D settings for the app (e.g. GC logging, larger upload limits)
# JAR: another packaged jar to run (e.g. main's, to compare), default this checkout's
WORK=$(mktemp -d /tmp/aval-imports-XXXXXX)
chmod 755 "$WORK"
ADMIN_KEY="avk_bench_admin_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" # the packaged service refuses short keys
APP_PID=
BASE=http://localhost:$APP_PORT

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

start_pg() {
  mkdir -p "$WORK/pg" && chown postgres "$WORK/pg" && mkdir -p "$WORK/sock" && touch "$WORK/pg.log" && chown postgres "$WORK/pg.log" "$WORK/sock"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w \
    -o "-p $PG_PORT -k $WORK/sock -c listen_addresses=127.0.0.1 ${PG_OPTS:-}" start >/dev/null \
    || { log "PostgreSQL did not start on port $PG_PORT:"; tail -n 20 "$WORK/pg.log" >&2; return 1; }
  log "PostgreSQL 15 on port $PG_PORT ($WORK/pg)"
}

psql_() { /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

start_app() {
  launch_app "$APP_PORT" "$WORK/app.log"
  APP_PID=$LAUNCHED_PID
}

# launch_app PORT LOG: one more instance of the packaged jar on the same database (LAUNCHED_PID)
launch_app() {
  local port=$1 logfile=$2
  [ -n "${JAR:-}" ] || [ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
  java -Xmx"$HEAP" ${APP_OPTS:-} -Dquarkus.http.port="$port" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
    -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:$PG_PORT/postgres" \
    -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=postgres \
    -Daval.admin-api-key="$ADMIN_KEY" \
    -Daval.rate-limit.requests-per-second=0 \
    -jar "${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}" >>"$logfile" 2>&1 &
  LAUNCHED_PID=$!
  STARTED_PIDS="${STARTED_PIDS:-} $LAUNCHED_PID"
  for _ in $(seq 1 120); do
    curl -fs "http://localhost:$port/q/health/ready" >/dev/null 2>&1 && { log "app up on $port (pid $LAUNCHED_PID, -Xmx$HEAP)"; return; }
    kill -0 "$LAUNCHED_PID" 2>/dev/null || { tail -50 "$logfile"; exit 1; }
    sleep 0.5
  done
  log "app did not start"; tail -50 "$logfile"; exit 1
}

stop_app() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; fi
  APP_PID=
}

# stop_pids PID...: SIGTERM to each, then until each has exited (up to 10 s): processes started in
# $(...) are not this shell's children, so `wait` cannot wait for them
stop_pids() {
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for p in "$@"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  done
}

cleanup() {
  stop_app
  for pid in ${STARTED_PIDS:-}; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  done
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}

# new_tenant ID → prints the INTEGRATION key
new_tenant() {
  curl -fs -X PUT "$BASE/v1/distributors/$1" -H "Authorization: Bearer $ADMIN_KEY" \
    -H 'Content-Type: application/json' -d "{\"name\":\"$1\"}" >/dev/null
  curl -fs -X POST "$BASE/v1/distributors/$1/api-keys" -H "Authorization: Bearer $ADMIN_KEY" \
    -H 'Content-Type: application/json' -d '{"name":"bench","role":"INTEGRATION"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])'
}

# gen_csv ROWS FILE: ROWS valid, distinct CPFs in the template's shape
gen_csv() {
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
def digit(s, w):
    r = sum(int(c) * (w - i) for i, c in enumerate(s)) % 11
    return 0 if r < 2 else 11 - r
with open(path, "w", newline="") as f:
    f.write("documentType,document,email,creditLimit,tolerance\n")
    for i in range(n):
        base = "%09d" % (100000000 + i * 7)
        d1 = digit(base, 10); d2 = digit(base + str(d1), 11)
        f.write("CPF,%s%d%d,cliente%d@example.com.br,%d.%02d,0.%04d\n" % (base, d1, d2, i, 1000 + i % 5000, i % 100, i % 10000))
PY
}

# upload KEY DISTRIBUTOR MODE FILE → prints the import id
upload() {
  curl -fs -X POST "$BASE/v1/distributors/$2/credit-accounts/imports?mode=$3" -H "Authorization: Bearer $1" \
    -H 'Content-Type: text/csv' --data-binary @"$4" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

# job KEY DISTRIBUTOR ID FIELD...
job() {
  local key=$1 d=$2 id=$3; shift 3
  curl -fs "$BASE/v1/distributors/$d/credit-accounts/imports/$id" -H "Authorization: Bearer $key" \
    | python3 -c 'import json,sys; j=json.load(sys.stdin); print(" ".join(str(j[f]) for f in sys.argv[1:]))' "$@"
}

# wait_done KEY DISTRIBUTOR ID → prints the final status
wait_done() {
  for _ in $(seq 1 3600); do
    local s; s=$(job "$1" "$2" "$3" status)
    case $s in COMPLETED|FAILED) echo "$s"; return;; esac
    sleep 0.2
  done
  echo TIMEOUT
}
