#!/usr/bin/env bash
# Import throughput next to PostgreSQL's own COPY, same machine, same run:
#   1. CREATE of ROWS rows (default 100,000), 2. UPSERT re-run of the same file (all UNCHANGED),
#   3. COPY of the same file into a scratch table (psql \copy, same PostgreSQL).
# Rates are rows / (finishedAt − createdAt) of each job: upload accepted → last chunk committed.
# Usage (from the repository root, after ./mvnw package): bench/imports/bench.sh [ROWS]
source "$(dirname "$0")/lib.sh"
ROWS=${1:-100000}
trap cleanup EXIT

start_pg
start_app
D=bench-$$
KEY=$(new_tenant "$D")
gen_csv "$ROWS" "$WORK/accounts.csv"
log "file: $ROWS rows, $(du -h "$WORK/accounts.csv" | cut -f1)"

seconds() { # KEY D ID → finishedAt − createdAt in seconds
  job "$1" "$2" "$3" createdAt finishedAt | python3 -c '
import sys, datetime
a, b = sys.stdin.read().split()
p = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
print("%.3f" % (p(b) - p(a)).total_seconds())'
}

run() { # MODE → "seconds counts"
  local id; id=$(upload "$KEY" "$D" "$1" "$WORK/accounts.csv")
  [ "$(wait_done "$KEY" "$D" "$id")" = COMPLETED ] || { log "import $id did not complete"; exit 1; }
  echo "$(seconds "$KEY" "$D" "$id") $(job "$KEY" "$D" "$id" createdCount updatedCount unchangedCount failedCount)"
}

read -r CREATE_S C1 U1 N1 F1 < <(run CREATE)
log "CREATE: ${CREATE_S}s created=$C1 updated=$U1 unchanged=$N1 failed=$F1"
read -r UPSERT_S C2 U2 N2 F2 < <(run UPSERT)
log "UPSERT re-run: ${UPSERT_S}s created=$C2 updated=$U2 unchanged=$N2 failed=$F2"

psql_ -c "create table copy_scratch (document_type varchar(8), document varchar(32), email varchar(254), credit_limit numeric(19,2), tolerance numeric(5,4))"
T0=$(date +%s.%N)
psql_ -c "\\copy copy_scratch from '$WORK/accounts.csv' with (format csv, header true)"
T1=$(date +%s.%N)
COPY_S=$(python3 -c "print('%.3f' % ($T1 - $T0))")
log "COPY: ${COPY_S}s ($(psql_ -c 'select count(*) from copy_scratch') rows)"

# The floor of any import that keeps this schema: the same rows written straight from the scratch
# table by set-based SQL, one transaction, no validation — accounts (5 indexes, foreign key) and
# their OPENED statement entries (2 indexes, foreign key), as the import writes them.
F=$(new_tenant "$D-floor" >/dev/null; echo "$D-floor")
T2=$(date +%s.%N)
psql_ <<SQL
begin;
create temp table floor_rows as select gen_random_uuid() as id, gen_random_uuid() as entry_id, s.* from copy_scratch s;
insert into credit_account (id, distributor_id, document, document_type, email, status, credit_limit, tolerance,
                            outstanding, version, created_at, updated_at)
select id, '$F', document, document_type, email, 'OPEN', credit_limit, coalesce(tolerance, 0), 0, 0, now(), now()
  from floor_rows;
insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after, reference,
                                    reason, actor, occurred_at)
select entry_id, id, 'OPENED', credit_limit, 0, 0, 'floor', 'opened by import', 'floor', now() from floor_rows;
commit;
SQL
T3=$(date +%s.%N)
FLOOR_S=$(python3 -c "print('%.3f' % ($T3 - $T2))")
log "SQL floor: ${FLOOR_S}s ($(psql_ -c "select count(*) from credit_account where distributor_id = '$F'") accounts)"

python3 - "$ROWS" "$CREATE_S" "$UPSERT_S" "$COPY_S" "$FLOOR_S" <<'PY'
import sys
rows, create, upsert, copy, floor = int(sys.argv[1]), *map(float, sys.argv[2:])
r = lambda s: rows / s
print()
print("| run (%d rows) | seconds | rows/s | × COPY time |" % rows)
print("|---|---|---|---|")
print("| import CREATE | %.2f | %.0f | %.1f× |" % (create, r(create), create / copy))
print("| import UPSERT re-run (all UNCHANGED) | %.2f | %.0f | %.1f× |" % (upsert, r(upsert), upsert / copy))
print("| SQL floor: the same accounts + OPENED entries by one INSERT … SELECT each | %.2f | %.0f | %.1f× |" % (floor, r(floor), floor / copy))
print("| PostgreSQL COPY into a scratch table | %.2f | %.0f | 1.0× |" % (copy, r(copy)))
PY
