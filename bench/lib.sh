#!/usr/bin/env bash
# Shared helpers for the benchmark and resilience scripts: a throwaway PostgreSQL 15 from
# Debian's packages and the packaged Aval jar, both on loopback, both cleaned up on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55401}
PG_DIR=${PG_DIR:-/tmp/aval-bench-pg-$PG_PORT}
APP_PORT=${APP_PORT:-8401}
# random: the packaged service refuses to start with a short or published admin key
ADMIN_KEY=${ADMIN_KEY:-avk_bench_admin_$(od -An -N16 -tx1 /dev/urandom | tr -d " \n")}
APP_PID=""

ensure_tools() {
  local missing=()
  [ -x "$PG_BIN/postgres" ] || missing+=(postgresql)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v curl >/dev/null || missing+=(curl)
  [ -x /usr/bin/time ] || missing+=(time)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} from Debian's packages"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_pg() {
  stop_pg || true
  rm -rf "$PG_DIR" && mkdir -p "$PG_DIR" && chown postgres "$PG_DIR"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c synchronous_commit=off ${PG_OPTS:-}" start >/dev/null
  psql_do -c "select 1" >/dev/null
}

stop_pg() {
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

psql_do() {
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"
}

build_jar() {
  if [ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || [ "${REBUILD:-0}" = 1 ]; then
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
  fi
}

start_app() {
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/postgres" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
  AVAL_ADMIN_API_KEY="$ADMIN_KEY" AVAL_RATE_LIMIT_REQUESTS_PER_SECOND=0 \
  QUARKUS_HTTP_PORT="$APP_PORT" \
    java ${JAVA_OPTS:-} -jar "${APP_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}" >"${APP_LOG:-/tmp/aval-bench-app.log}" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$APP_PORT/q/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app died; see ${APP_LOG:-/tmp/aval-bench-app.log}"; return 1; }
    sleep 0.5
  done
  echo "the app did not become ready"; return 1
}

stop_app() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}

cleanup() {
  stop_app
  stop_pg
}

# api METHOD PATH KEY [JSON]
api() {
  curl -sf -X "$1" "http://127.0.0.1:$APP_PORT$2" -H "Authorization: Bearer $3" \
    -H 'Content-Type: application/json' ${4:+-d "$4"}
}

# wrk_summary FILE: requests/s, p50, p99 from `wrk --latency` output
wrk_summary() {
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
       END {printf "%s req/s, p50 %s, p99 %s%s\n", rps, p50, p99, (bad ? ", non-2xx " bad : "")}' "$1"
}

# cpu_ticks PID: user+system CPU of a process, in clock ticks (see `getconf CLK_TCK`)
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# pg_ticks: user+system CPU of the throwaway PostgreSQL: its postmaster and every child (backends)
pg_ticks() {
  local pm pid total=0
  pm=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  for pid in "$pm" $(pgrep -P "$pm"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
