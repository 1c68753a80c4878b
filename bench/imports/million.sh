#!/usr/bin/env bash
# Proof that a 1,000,000-row CREATE import completes with the service's heap capped at 512 MiB:
# packaged jar (-Xmx512m, GC log on) + throwaway PostgreSQL 15, a generated file of ROWS valid
# rows (template shape), upload, poll to COMPLETED; reports seconds (finishedAt − createdAt),
# rows/s, the JVM's peak RSS (VmHWM) and the heap: peak used before a GC, peak live after a GC,
# most committed (from -Xlog:gc). Not run by CI (it takes minutes).
# The file is ~58 MB, above the 50 MiB default upload limit, so the limits are raised here.
# Usage (from the repository root, after ./mvnw package): bench/imports/million.sh [ROWS]
source "$(dirname "$0")/lib.sh"
ROWS=${1:-1000000}
trap cleanup EXIT
APP_OPTS="-Xlog:gc:file=$WORK/gc.log -Daval.import.max-file-size=100M -Dquarkus.http.limits.max-body-size=110M"

start_pg
start_app
D=million-$$
KEY=$(new_tenant "$D")
gen_csv "$ROWS" "$WORK/accounts.csv"
log "file: $ROWS rows, $(du -h "$WORK/accounts.csv" | cut -f1)"

ID=$(upload "$KEY" "$D" CREATE "$WORK/accounts.csv")
log "import $ID uploaded"
STATUS=
for _ in $(seq 1 7200); do
  read -r STATUS DONE < <(job "$KEY" "$D" "$ID" status processedRows)
  case $STATUS in COMPLETED|FAILED) break;; esac
  [ $((SECONDS % 30)) -eq 0 ] && log "$STATUS: $DONE rows"
  kill -0 "$APP_PID" 2>/dev/null || { log "the JVM died"; tail -30 "$WORK/app.log"; exit 1; }
  sleep 1
done
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status")
read -r TOTAL PROCESSED CREATED FAILED CREATED_AT FINISHED_AT < <(job "$KEY" "$D" "$ID" totalRows processedRows createdCount failedCount createdAt finishedAt)
ACCOUNTS=$(psql_ -c "select count(*) from credit_account where distributor_id = '$D'")
log "status=$STATUS total=$TOTAL processed=$PROCESSED created=$CREATED failed=$FAILED accounts=$ACCOUNTS"
grep -q OutOfMemoryError "$WORK/app.log" && { log "OutOfMemoryError in the log"; exit 1; }

python3 - "$ROWS" "$CREATED_AT" "$FINISHED_AT" "$RSS_KB" "$WORK/gc.log" <<'PY'
import sys, re, datetime
rows, a, b, rss_kb, gc = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
p = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = (p(b) - p(a)).total_seconds()
before = after = committed = 0
pauses = 0
for line in open(gc):
    m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        pauses += 1
        before, after, committed = max(before, int(m[1])), max(after, int(m[2])), max(committed, int(m[3]))
print()
print("| %d-row CREATE, -Xmx512m | value |" % rows)
print("|---|---|")
print("| seconds (finishedAt − createdAt) | %.1f |" % secs)
print("| rows/s | %.0f |" % (rows / secs))
print("| JVM peak RSS (VmHWM) | %d MiB |" % (rss_kb // 1024))
print("| heap: peak used before a GC / peak live after a GC / most committed | %d / %d / %d MiB (%d GCs) |" % (before, after, committed, pauses))
PY
ok=true
[ "$STATUS" = COMPLETED ] || ok=false
for v in "$TOTAL" "$PROCESSED" "$CREATED" "$ACCOUNTS"; do [ "$v" = "$ROWS" ] || ok=false; done
if $ok; then log "PASS: $ROWS rows imported at -Xmx$HEAP"; else log "FAIL"; exit 1; fi
