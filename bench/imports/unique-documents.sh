#!/usr/bin/env bash
# Proof that a job's memory does not grow with the file (issue 15, item 3): a file of the largest
# size accepted (50 MiB by default) made only of unique alphanumeric documents (documentType OTHER,
# 16 characters of [0-9A-Z]: no compact numeric form), imported as a dry run (every row validated,
# every document registered as met, nothing written to accounts) by the packaged jar at a small heap
# (HEAP, default 256m), GC logged. Reports the job's outcome, seconds, the JVM's peak RSS and the
# heap after GCs. JAR=/path/to/quarkus-run.jar runs another build (e.g. main's) the same way.
# Usage (from the repository root, after ./mvnw package): HEAP=256m bench/imports/unique-documents.sh [MiB]
source "$(dirname "$0")/lib.sh"
MIB=${1:-50}
HEAP=${HEAP:-256m}
trap cleanup EXIT
APP_OPTS="${APP_OPTS:-} -Xlog:gc:file=$WORK/gc.log -XX:+ExitOnOutOfMemoryError"

python3 - "$MIB" "$WORK/unique.csv" <<'PY'
import sys
mib, path = int(sys.argv[1]), sys.argv[2]
limit = mib * 1024 * 1024
alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
def doc(i):  # 16 characters, unique per i, letters and digits mixed
    s = []
    for _ in range(16):
        i, r = divmod(i, 36)
        s.append(alphabet[r])
    return "".join(reversed(s))
with open(path, "w", newline="") as f:
    size = f.write("documentType,document,email,creditLimit,tolerance\n")
    i = 36 ** 10
    while True:
        line = "OTHER,%s,c%d@x.co,%d.%02d,\n" % (doc(i), i % 100000, 10 + i % 900, i % 100)
        if size + len(line) > limit:
            break
        size += f.write(line)
        i += 7919
PY
start_pg
start_app
D=unique-$$
KEY=$(new_tenant "$D")
ROWS=$(($(wc -l <"$WORK/unique.csv") - 1))
log "file: $ROWS rows of unique alphanumeric documents, $(du -h "$WORK/unique.csv" | cut -f1)"
ID=$(curl -fs -X POST "$BASE/v1/distributors/$D/credit-accounts/imports?mode=CREATE&dryRun=true" \
  -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' --data-binary @"$WORK/unique.csv" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
log "dry run $ID uploaded"
STATUS=
for _ in $(seq 1 3600); do
  kill -0 "$APP_PID" 2>/dev/null || { log "FAIL: the JVM died"; grep -m3 -i "OutOfMemory" "$WORK/app.log" >&2; exit 1; }
  read -r STATUS DONE < <(job "$KEY" "$D" "$ID" status processedRows)
  case $STATUS in COMPLETED|FAILED) break;; esac
  [ $((SECONDS % 30)) -eq 0 ] && log "$STATUS: $DONE rows"
  sleep 1
done
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status")
read -r TOTAL PROCESSED CREATED FAILED CREATED_AT FINISHED_AT < <(job "$KEY" "$D" "$ID" totalRows processedRows createdCount failedCount createdAt finishedAt)
log "status=$STATUS total=$TOTAL processed=$PROCESSED created(would)=$CREATED failed=$FAILED"
python3 - "$ROWS" "$CREATED_AT" "$FINISHED_AT" "$RSS_KB" "$WORK/gc.log" "$HEAP" <<'PY'
import sys, re, datetime
rows, a, b, rss_kb, gc, heap = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
p = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = (p(b) - p(a)).total_seconds()
after = []
for line in open(gc):
    m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        after.append(int(m[2]))
print()
print("| %d unique alphanumeric documents (dry run), -Xmx%s | value |" % (rows, heap))
print("|---|---|")
print("| seconds (finishedAt − createdAt) | %.1f |" % secs)
print("| JVM peak RSS (VmHWM) | %d MiB |" % (rss_kb // 1024))
print("| heap live after a GC: peak / last | %d / %d MiB (%d GCs) |" % (max(after), after[-1], len(after)))
PY
ok=true
[ "$STATUS" = COMPLETED ] || ok=false
for v in "$TOTAL" "$PROCESSED" "$CREATED"; do [ "$v" = "$ROWS" ] || ok=false; done
[ "$FAILED" = 0 ] || ok=false
if $ok; then log "PASS: $ROWS unique documents at -Xmx$HEAP"; else log "FAIL"; exit 1; fi
