#!/usr/bin/env bash
# Proof that an import survives the loss of the instance running it: two instances of the packaged
# jar on one throwaway PostgreSQL 15, a ROWS-row CREATE uploaded to one of them; the instance that
# took the job is killed while it is RUNNING, and the other one must finish it, every row applied
# exactly once (ROWS accounts, ROWS distinct documents, ROWS OPENED entries, 0 failed rows).
# Twice: kill -9 (no warning: the job is taken over once its heartbeat is older than the lease, 5s
# here) and SIGTERM (a rollout: the job is handed over at its next chunk and taken at once, well
# before the lease, 1m here). SIGNALS="KILL" or "TERM" runs one of them.
# Usage (from the repository root, after ./mvnw package): checks/import-crash-restart.sh [ROWS]
source "$(dirname "$0")/../bench/imports/lib.sh"
ROWS=${1:-200000}
trap cleanup EXIT
APP2_PORT=$(free_port)
BASE_OPTS="${APP_OPTS:-} -Daval.import.heartbeat-every=1s -Daval.import.poll-every=1s"
gen_csv "$ROWS" "$WORK/accounts.csv"
start_pg

# base URL of the instance on PORT
at() { echo "http://localhost:$1"; }

round() { # SIGNAL LEASE
  local signal=$1 lease=$2
  APP_OPTS="$BASE_OPTS -Daval.import.lease=$lease"
  : >"$WORK/a.log"; : >"$WORK/b.log"
  BASE=$(at "$APP_PORT")
  launch_app "$APP_PORT" "$WORK/a.log"; local a=$LAUNCHED_PID
  launch_app "$APP2_PORT" "$WORK/b.log"; local b=$LAUNCHED_PID
  local d key id
  d=crash-$(echo "$signal" | tr "[:upper:]" "[:lower:]")-$$
  key=$(new_tenant "$d")
  id=$(upload "$key" "$d" CREATE "$WORK/accounts.csv")
  log "[$signal] import $id uploaded ($ROWS rows) to the instance on $APP_PORT"

  local status done
  for _ in $(seq 1 600); do
    read -r status done < <(job "$key" "$d" "$id" status processedRows)
    if [ "$status" = RUNNING ] && [ "$done" -gt 0 ]; then break; fi
    [ "$status" = COMPLETED ] && { log "finished before the kill: use more rows"; exit 1; }
    sleep 0.05
  done
  # the instance that took the job (an upload is taken at once where it arrives, but any may take it)
  local victim victim_log survivor survivor_log survivor_port
  if grep -q "import $id taken here" "$WORK/a.log"; then
    victim=$a; victim_log=a.log; survivor=$b; survivor_log=b.log; survivor_port=$APP2_PORT
  else
    victim=$b; victim_log=b.log; survivor=$a; survivor_log=a.log; survivor_port=$APP_PORT
  fi
  local t0; t0=$(date +%s.%N)
  kill -"$signal" "$victim"; wait "$victim" 2>/dev/null || true
  local at_kill
  at_kill=$(psql_ -c "select status || ' ' || processed_rows || ' ' || created_count from credit_import where id = '$id'")
  log "[$signal] killed the instance running it ($victim_log) at: $at_kill (status, processed, created)"

  local final
  BASE=$(at "$survivor_port")
  final=$(wait_done "$key" "$d" "$id")
  grep -q "import $id taken here" "$WORK/$survivor_log" || { log "FAIL: the other instance did not take the job"; exit 1; }
  local taken_after
  taken_after=$(python3 - "$t0" "$WORK/$survivor_log" "$id" <<'PY'
import sys, json, datetime
t0, path, id = float(sys.argv[1]), sys.argv[2], sys.argv[3]
for line in open(path):
    if "import %s taken here" % id in line:
        stamp = json.loads(line)["timestamp"]  # the packaged jar logs JSON
        t = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
        print("%.1f" % (t - t0))
        break
PY
)
  local total processed created failed accounts distinct opened
  read -r status total processed created failed < <(job "$key" "$d" "$id" status totalRows processedRows createdCount failedCount)
  accounts=$(psql_ -c "select count(*) from credit_account where distributor_id = '$d'")
  distinct=$(psql_ -c "select count(distinct document) from credit_account where distributor_id = '$d'")
  opened=$(psql_ -c "select count(*) from credit_statement_entry e join credit_account a on a.id = e.account_id where a.distributor_id = '$d' and e.type = 'OPENED' and e.reference = 'import:$id'")
  local stored
  stored=$(psql_ -c "select count(*) from credit_import_file where import_id = '$id'")
  log "[$signal] taken by the other instance ${taken_after}s after the kill (lease $lease); status=$status total=$total processed=$processed created=$created failed=$failed accounts=$accounts distinct=$distinct opened=$opened stored-chunks=$stored"

  local ok=true
  [ "$final" = COMPLETED ] || ok=false
  for v in "$total" "$processed" "$created" "$accounts" "$distinct" "$opened"; do [ "$v" = "$ROWS" ] || ok=false; done
  [ "$failed" = 0 ] || ok=false
  [ "$stored" = 0 ] || ok=false
  if [ "$signal" = TERM ]; then
    grep -q "handed over\|ends its turn\|interrupted by shutdown" "$WORK/$victim_log" || { log "FAIL: SIGTERM did not hand the job over"; ok=false; }
    # handed over, not left to the lease
    python3 -c "import sys; sys.exit(0 if float('$taken_after') < 30 else 1)" || { log "FAIL: taken only after ${taken_after}s"; ok=false; }
  fi
  kill "$survivor"; wait "$survivor" 2>/dev/null || true
  if $ok; then log "[$signal] PASS: interrupted at '$at_kill', finished by the other instance, every row applied exactly once"
  else log "[$signal] FAIL"; tail -40 "$WORK/$survivor_log" >&2; exit 1; fi
}

for signal in ${SIGNALS:-KILL TERM}; do
  if [ "$signal" = KILL ]; then round KILL 5s; else round TERM 1m; fi
done
