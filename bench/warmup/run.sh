#!/usr/bin/env bash
# Warm-up and footprint of the packaged service, one JVM setting after another, in one run.
#   bash bench/warmup/run.sh                 (DURATION=30 CONNECTIONS=32 THREADS=2 CUSTOMERS=100000)
# Seeds 100,000 customers over 10 distributors once (as bench/eligibility does), then for each
# variant: trains its archive if it has one (the training workload of docker/Dockerfile.jvm: the
# same jar and flags under a small checkout workload on a database of its own, ended by SIGTERM),
# starts the jar, times process start to /q/health/ready, and
# right after readiness drives the eligibility mix (wrk -t2 -c32, bench/eligibility/eligibility.lua)
# for DURATION seconds while bench/warmup/sample.py reads, each second, the eligibility calls the
# service has answered (its own http_server_requests_seconds_count) and its VmRSS. One line per
# variant: ready time, req/s in seconds 1..10, steady req/s (mean of seconds 16..DURATION), the
# first second at or above 70% of steady, second 10 as % of steady, max RSS (VmHWM: the start and
# warm-up too) and the highest VmRSS sampled under the load.
#
# Every variant runs as in a pod of k8s/base (limit 2 CPU, 512 MiB): -XX:MaxRAM=512m stands for
# the memory limit (the JVM sizes its heap from it as from a container's), and the GC is always
# named, as a JVM picks SerialGC by itself under 1792 MB. VARIANTS picks some by name.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../ports.sh"
# ports of its own: never the fixed ones of a bench/eligibility run that may start meanwhile
export PG_PORT=${PG_PORT:-$(free_port)} APP_PORT=${APP_PORT:-$(free_port)} PG_DIR=${PG_DIR:-/tmp/aval-bench-warmup-pg}
source "$HERE/../lib.sh"
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
CUSTOMERS=${CUSTOMERS:-100000}
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=${OUT:-$ROOT/bench/results/warmup-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
trap cleanup EXIT

POD="-XX:MaxRAM=512m -XX:+ExitOnOutOfMemoryError"
# name | JDK | jar layout (fast: target/quarkus-app, aot: target/aot-app) | archive | flags
# archive: - none; cds (JDK 17: AppCDS) or aot (JDK 25: the AOT cache) trained with the variant's
# own flags by the training workload of docker/Dockerfile.jvm, as the image is; @NAME: the
# archive variant NAME trained (its flags must match as the JVM requires: GC and heap may differ)
ALL_VARIANTS=(
  "17-serial-75|$JDK17|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75"
  "17-serial-gclog|$JDK17|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xlog:gc:file=/tmp/aval-warmup-gc.log"
  "17-serial-nmt|$JDK17|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:NativeMemoryTracking=summary"
  "17-serial-free30|$JDK17|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
  "17-serial-mn64|$JDK17|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m"
  "17-serial-nocache|$JDK17|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Daval.eligibility.cache.enabled=false"
  "17-serial-ms40|$JDK17|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=40"
  "17-serial-nowarm|$JDK17|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Daval.warmup.enabled=false"
  "17-g1-75|$JDK17|fast|-|$POD -XX:+UseG1GC -XX:MaxRAMPercentage=75"
  "17-parallel-75|$JDK17|fast|-|$POD -XX:+UseParallelGC -XX:MaxRAMPercentage=75"
  "17-serial-c1|$JDK17|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:TieredStopAtLevel=1"
  "17-serial-appcds|$JDK17|aot|cds|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75"
  "17-serial-appcds-mn64|$JDK17|aot|cds|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m"
  "25-serial-75|$JDK25|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75"
  "25-serial-aot|$JDK25|aot|aot|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75"
  "25-serial-aot-40|$JDK25|aot|@25-serial-aot|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=40"
  "17-serial-mn48|$JDK17|fast|-|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=50 -Xmn48m"
  "25-serial-aot-mn48|$JDK25|aot|aot|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=50 -Xmn48m"
  "17-serial-appcds-mn64-before|$JDK17|aot|cds|$POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -Daval.warmup.prefill=false"
  "17-serial-mn64-trim-noprefill|$JDK17|fast|-|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:TrimNativeHeapInterval=1000 -Daval.warmup.prefill=false"
  "17-serial-mn64-trim|$JDK17|fast|-|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:TrimNativeHeapInterval=1000"
  "17-serial-mn64-nmt|$JDK17|fast|-|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:TrimNativeHeapInterval=1000 -XX:NativeMemoryTracking=summary"
  "17-serial-appcds-mn64-trim|$JDK17|aot|cds|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:TrimNativeHeapInterval=1000"
  "17-serial-mn64-trim-c2|$JDK17|fast|-|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:TrimNativeHeapInterval=1000 -XX:-TieredCompilation"
  "17-serial-appcds-mn64-trim-c2|$JDK17|aot|cds|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:TrimNativeHeapInterval=1000 -XX:-TieredCompilation"
  "17-serial-mn48-trim|$JDK17|fast|-|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn48m -XX:TrimNativeHeapInterval=1000"
  "17-serial-mn56-trim|$JDK17|fast|-|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn56m -XX:TrimNativeHeapInterval=1000"
  "17-serial-mn64-trim-free|$JDK17|fast|-|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:TrimNativeHeapInterval=1000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:-ShrinkHeapInSteps"
  "17-serial-mn64-trim-free-gclog|$JDK17|fast|-|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:TrimNativeHeapInterval=1000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:-ShrinkHeapInSteps -Xlog:gc*:file=/tmp/aval-warmup-gc-free.log"
  "17-serial-mn64-trim-gclog|$JDK17|fast|-|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:TrimNativeHeapInterval=1000 -Xlog:gc*:file=/tmp/aval-warmup-gc-trim.log"
  "25-serial-mn64-coh-trim|$JDK25|fast|-|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=1000"
  "25-serial-aot-mn64-coh-trim|$JDK25|aot|aot|MALLOC_ARENA_MAX=2 $POD -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xmn64m -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=1000"
)
# a variant's flags may start with NAME=VALUE words: its environment (MALLOC_ARENA_MAX=2)
# by default: the image before the last change (17-serial-appcds-mn64-before: no malloc trimming,
# no bulk read into the cache), the image now (17-serial-appcds-mn64-trim), each change alone on
# the fast-jar, and JDK 25 with compact object headers; the variants of the earlier runs of
# docs/benchmarks.md (GCs, C1 alone, JDK 25's AOT cache, heap sizes) stay above, by name
VARIANTS=${VARIANTS:-17-serial-appcds-mn64-before 17-serial-appcds-mn64-trim 17-serial-mn64-trim-noprefill 17-serial-mn64-trim 25-serial-mn64-coh-trim}

# wait_quiet: no other benchmark or check running and a 1-minute load under 1.5, polled every 20 s;
# gives up after QUIET_MAX seconds (15 min), and once the run has waited QUIET_TOTAL seconds in
# all (15 min) it measures at once: on a machine that stays busy the run still ends. Each line
# says the load it was measured at.
QUIET_WAITED=0
wait_quiet() {
  local waited=0
  while pgrep -f 'bench/eligibility/run.sh|bench/credit|checks/.*sh' >/dev/null \
      || awk '{exit !($1 >= 1.5)}' /proc/loadavg; do
    if [ "$waited" -ge "${QUIET_MAX:-900}" ] || [ "$QUIET_WAITED" -ge "${QUIET_TOTAL:-900}" ]; then return; fi
    sleep 20; waited=$((waited + 20)) QUIET_WAITED=$((QUIET_WAITED + 20))
  done
}

# launch JDK DIR FLAGS...: starts the jar like lib.sh's start_app, polling readiness every 50 ms;
# sets APP_PID and READY_MS (process start to the first UP of /q/health/ready)
launch() {
  local jdk=$1 dir=$2; shift 2
  local t0; t0=$(date +%s%N)
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/postgres" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
  AVAL_ADMIN_API_KEY="$ADMIN_KEY" AVAL_RATE_LIMIT_REQUESTS_PER_SECOND=0 \
  QUARKUS_HTTP_PORT="$APP_PORT" QUARKUS_SHUTDOWN_DELAY=0S \
    env "${ENVS[@]}" "$jdk/bin/java" "$@" -jar "$dir/quarkus-run.jar" >"${APP_LOG:-/tmp/aval-bench-app.log}" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 1200); do
    if curl -sf "http://127.0.0.1:$APP_PORT/q/health/ready" >/dev/null 2>&1; then
      READY_MS=$(( ($(date +%s%N) - t0) / 1000000 )); return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app died; see ${APP_LOG:-/tmp/aval-bench-app.log}"; return 1; }
    sleep 0.05
  done
  echo "the app did not become ready"; return 1
}

eligibility_load() { # SECONDS
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" -s "$ROOT/bench/eligibility/eligibility.lua" \
    "http://127.0.0.1:$APP_PORT" -- "$OUT/targets.txt"
}

ensure_tools
build_jar
# the aot-jar layout: every class on the JVM's class path (no Quarkus class loader), which is what
# lets AppCDS and JDK 25's AOT cache hold the application's classes, not only the JDK's
if [ ! -f "$ROOT/target/aot-app/quarkus-run.jar" ] || [ "${REBUILD:-0}" = 1 ]; then
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=aot-jar \
    -Dquarkus.package.output-directory=aot-app >/dev/null)
fi
# the training workload of the image, as docker/Dockerfile.jvm runs it
sed -n '/^( # --- the training workload/,/^) # --- end of the training workload/p' "$ROOT/docker/Dockerfile.jvm" >"$OUT/train.sh"
[ -s "$OUT/train.sh" ] || { echo "no training workload in docker/Dockerfile.jvm"; exit 1; }
start_pg
ENVS=()
APP_LOG="$OUT/app-seed.log" launch "$JDK17" "$ROOT/target/quarkus-app"

echo "seeding $CUSTOMERS customers over 10 distributors"
dists=() keys=()
for i in $(seq 0 9); do
  d="bench-$i"
  api PUT "/v1/distributors/$d" "$ADMIN_KEY" "{\"name\":\"Bench $i\"}" >/dev/null
  k=$(api POST "/v1/distributors/$d/api-keys" "$ADMIN_KEY" '{"name":"bench","role":"CHECKOUT"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
  dists+=("$d") keys+=("$k")
done
python3 "$ROOT/bench/eligibility/seed.py" "$OUT" "$CUSTOMERS" "$(IFS=,; echo "${dists[*]}")" "$(IFS=,; echo "${keys[*]}")"
psql_do <<SQL
create temp table seed (id uuid, distributor_id text, document text, document_type text, status text, occurred timestamptz);
\copy seed from '$OUT/customers.csv' csv
insert into customer (id, distributor_id, document, document_type, status, status_occurred_at, created_at, updated_at)
select id, distributor_id, document, document_type, status, occurred, now(), now() from seed;
SQL
psql_do -c "analyze customer"
stop_app

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; JDKs: $("$JDK17/bin/java" -version 2>&1 | head -1) / $("$JDK25/bin/java" -version 2>&1 | head -1)"
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, eligibility mix, from the first UP of /q/health/ready; as in a pod: $POD"
printf '%-18s %8s  %-62s %7s %7s %7s %8s %8s\n' variant ready "req/s in seconds 1..10" steady ">=70%" "10 s" "max RSS" "load RSS"
results=()
for name in $VARIANTS; do
  spec=$(printf '%s\n' "${ALL_VARIANTS[@]}" | grep "^$name|") || { echo "no variant $name"; continue; }
  IFS='|' read -r _ jdk layout archive flags <<<"$spec"
  dir=$ROOT/target/quarkus-app; [ "$layout" = aot ] && dir=$ROOT/target/aot-app
  # shellcheck disable=SC2206
  words=($flags)
  ENVS=() opts=()
  for w in "${words[@]}"; do
    if [[ $w =~ ^[A-Z_]+= ]]; then ENVS+=("$w"); else opts+=("$w"); fi
  done
  train=() use=()
  case $archive in
    cds) train=(-XX:ArchiveClassesAtExit="$OUT/$name.jsa"); use=(-XX:SharedArchiveFile="$OUT/$name.jsa") ;;
    aot) train=(-XX:AOTCacheOutput="$OUT/$name.aot"); use=(-XX:AOTCache="$OUT/$name.aot") ;;
    @*) use=(-XX:AOTCache="$OUT/${archive#@}.aot") ;;
  esac
  if [ ${#train[@]} -gt 0 ]; then
    db=train_${name//-/_}
    psql_do -c "drop database if exists $db" -c "create database $db"
    JAVA="$jdk/bin/java" JAVA_OPTS="${opts[*]} ${train[*]}" APP_DIR=$dir TRAIN_DB_PORT=$PG_PORT TRAIN_DB_NAME=$db \
      TRAIN_PORT=$(free_port) TRAIN_LOG="$OUT/train-$name.log" bash "$OUT/train.sh" >"$OUT/train-$name.txt" 2>&1 \
      || { echo "training $name failed: see $OUT/train-$name.txt"; continue; }
  fi
  wait_quiet
  load=$(cut -d' ' -f1 /proc/loadavg)
  APP_LOG="$OUT/app-$name.log" launch "$jdk" "$dir" "${opts[@]}" "${use[@]}"
  python3 "$ROOT/bench/warmup/sample.py" "$APP_PID" "$APP_PORT" "$DURATION" >"$OUT/$name.samples" &
  sampler=$!
  eligibility_load "$DURATION" >"$OUT/$name.txt" 2>&1
  wait "$sampler"
  hwm=$(awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$APP_PID/status")
  "$jdk/bin/jcmd" "$APP_PID" GC.heap_info >"$OUT/$name.heap" 2>&1 || true
  case $flags in *NativeMemoryTracking*)
    "$jdk/bin/jcmd" "$APP_PID" VM.native_memory summary >"$OUT/$name.nmt" 2>&1 || true
    "$jdk/bin/jcmd" "$APP_PID" GC.class_histogram 2>&1 | head -45 >"$OUT/$name.histogram" || true ;;
  esac
  grep -E '^(VmRSS|RssAnon|RssFile|RssShmem)' "/proc/$APP_PID/status" >"$OUT/$name.rss"
  stop_app
  line=$(awk -v name="$name" -v ready="$READY_MS" -v hwm="$hwm" -v load="$load" -v last="$DURATION" '
    NR > 1 { rate[$1] = $2 - prev; if ($3 > rss) rss = $3 } { prev = $2 }
    END {
      for (s = 16; s <= last; s++) { steady += rate[s]; n++ }
      steady /= n
      for (s = 1; s <= 10; s++) { firsts = firsts sprintf("%6d", rate[s]); if (!hit && rate[s] >= 0.7 * steady) hit = s }
      printf "%-18s %6.1f s %s %7d %7s %6d%% %5d MiB %5d MiB  (load %s)", name, ready / 1000, firsts, steady,
        (hit ? hit " s" : "> 10 s"), 100 * rate[10] / steady, hwm, rss / 1024, load
    }' "$OUT/$name.samples")
  echo "$line"; results+=("$line")
  grep -q "Non-2xx" "$OUT/$name.txt" && echo "WARNING: $name answered non-2xx statuses (see $OUT/$name.txt)"
done
echo "raw samples, wrk output and logs in $OUT"
