#!/usr/bin/env bash
# Proof that an import interrupted by a crash is neither left RUNNING nor applied twice:
# packaged jar + throwaway PostgreSQL 15, upload ROWS rows (CREATE), kill -9 the JVM while the
# job is RUNNING, start it again, and check the job ends COMPLETED with every row applied once.
# SIGNAL=TERM checks a graceful stop instead (the job stops between chunks and resumes).
# The killed job is resumed once its heartbeat is older than the lease: a short lease here
# (the defaults are 15s / 1m) so the restarted instance takes it over within seconds.
# Usage (from the repository root, after ./mvnw package): checks/import-crash-restart.sh [ROWS]
source "$(dirname "$0")/../bench/imports/lib.sh"
ROWS=${1:-200000}
trap cleanup EXIT
APP_OPTS="${APP_OPTS:-} -Daval.import.lease=5s -Daval.import.heartbeat-every=1s"

start_pg
start_app
D=crash-$$
KEY=$(new_tenant "$D")
gen_csv "$ROWS" "$WORK/accounts.csv"
ID=$(upload "$KEY" "$D" CREATE "$WORK/accounts.csv")
log "import $ID uploaded ($ROWS rows)"

for _ in $(seq 1 600); do
  read -r STATUS DONE < <(job "$KEY" "$D" "$ID" status processedRows)
  if [ "$STATUS" = RUNNING ] && [ "$DONE" -gt 0 ]; then break; fi
  [ "$STATUS" = COMPLETED ] && { log "finished before the kill: use more rows"; exit 1; }
  sleep 0.05
done
kill -"${SIGNAL:-9}" "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
AT_KILL=$(psql_ -c "select status || ' ' || processed_rows || ' ' || created_count from credit_import where id = '$ID'")
log "killed -${SIGNAL:-9} at: $AT_KILL (status, processed, created)"

start_app
FINAL=$(wait_done "$KEY" "$D" "$ID")
grep -q "resuming import $ID" "$WORK/app.log" || { log "FAIL: the restarted instance did not resume the job"; exit 1; }
read -r STATUS TOTAL PROCESSED CREATED FAILED < <(job "$KEY" "$D" "$ID" status totalRows processedRows createdCount failedCount)
ACCOUNTS=$(psql_ -c "select count(*) from credit_account where distributor_id = '$D'")
DISTINCT=$(psql_ -c "select count(distinct document) from credit_account where distributor_id = '$D'")
OPENED=$(psql_ -c "select count(*) from credit_statement_entry e join credit_account a on a.id = e.account_id where a.distributor_id = '$D' and e.type = 'OPENED' and e.reference = 'import:$ID'")
log "after restart: status=$STATUS total=$TOTAL processed=$PROCESSED created=$CREATED failed=$FAILED accounts=$ACCOUNTS distinct=$DISTINCT opened=$OPENED"

ok=true
[ "$FINAL" = COMPLETED ] || ok=false
for v in "$TOTAL" "$PROCESSED" "$CREATED" "$ACCOUNTS" "$DISTINCT" "$OPENED"; do [ "$v" = "$ROWS" ] || ok=false; done
[ "$FAILED" = 0 ] || ok=false
if $ok; then log "PASS: interrupted at '$AT_KILL', resumed, every row applied exactly once"; else log "FAIL"; exit 1; fi
