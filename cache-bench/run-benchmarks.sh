#!/usr/bin/env bash
# Runs every benchmark side by side with its peers and writes the report.
#
#   cache-bench/run-benchmarks.sh [--profile smoke|short|long] [--no-build] [--jfr] [-- JMH ARGS...]
#
#   smoke  every benchmark once, one tiny iteration, in-process (JMH -f 0), one content size:
#          checks that they build and run (CI); its figures mean nothing. Writes into
#          cache-bench/target/bench-smoke/, never into the repository.
#   short  1 fork, 1 warm-up and 3 measured iterations of 0.5 s (or 1 + 3 shots): about 10 minutes.
#   long   3 forks, 3 warm-up and 5 measured iterations of 1 s (or 5 + 10 shots): for real runs.
# short and long write BENCHMARKS.md and bench-results/ at the repository root (with JMH arguments
# after --, into cache-bench/target/bench-PROFILE/ instead).
# --jfr adds JMH's JFR profiler (one recording per benchmark under the output folder's jfr/).
# Arguments after -- go to JMH as they are (e.g. a benchmark regex to run a subset).
#
# Needs a JDK 17+ and python3 (the seed's benchmark and the report); nothing else: the Redis
# benchmark starts the redis-server on PATH, else the one the embedded-redis jar ships (in the jar).
# No timing is asserted anywhere: the command fails only if something does not build or run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
profile=short
build=1
jfr=0
jmh_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --profile=*) profile="${1#*=}"; shift ;;
    --no-build) build=0; shift ;;
    --jfr) jfr=1; shift ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

case "$profile" in
  smoke)
    jmh_opts=(-foe true -f 0 -wi 0 -i 1 -r 100ms -p size=4096 -p population=1000x4096 -p entries=1000)
    heap_entries=2000
    out="$here/target/bench-smoke"
    report="$out/BENCHMARKS.md"
    ;;
  short)
    jmh_opts=(-foe true -f 1 -wi 1 -w 500ms -i 3 -r 500ms)
    heap_entries=50000
    out="$root/bench-results"
    report="$root/BENCHMARKS.md"
    ;;
  long)
    jmh_opts=(-foe true -f 3 -wi 3 -w 1s -i 5 -r 1s)
    heap_entries=100000
    out="$root/bench-results"
    report="$root/BENCHMARKS.md"
    ;;
  *) echo "unknown profile '$profile': smoke, short or long" >&2; exit 2 ;;
esac
if [[ ${#jmh_extra[@]} -gt 0 && "$profile" != smoke ]]; then
  # a subset or changed settings: not the report of record, so kept out of the repository
  out="$here/target/bench-$profile"
  report="$out/BENCHMARKS.md"
fi
if [[ "$profile" == long ]]; then
  # single-shot reopen: more shots than the iteration counts above give
  jmh_reopen=(-wi 5 -i 10)
else
  jmh_reopen=()
fi

jar="$here/target/benchmarks.jar"
cd "$root"
started=$(date +%s)
if [[ $build == 1 ]]; then
  echo "== build: ./mvnw -q -B -pl cache-bench -am package -DskipTests"
  ./mvnw -q -B -pl cache-bench -am package -DskipTests
fi
[[ -f "$jar" ]] || { echo "no $jar: build first (drop --no-build)" >&2; exit 1; }

mkdir -p "$out"
raw="$out/$profile"
rm -rf "$raw"
mkdir -p "$raw"
jfr_opts=()
if [[ $jfr == 1 ]]; then
  jfr_opts=(-prof "jfr:dir=$raw/jfr")
fi

{
  echo "profile=$profile"
  echo "command=cache-bench/run-benchmarks.sh --profile $profile${jmh_extra:+ -- ${jmh_extra[*]}}"
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "memory=$(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
  echo "cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
  echo "kernel=$(uname -sr)"
  echo "filesystem=$(df -T "${TMPDIR:-/tmp}" | awk 'NR==2 {print $2 " (" $1 ")"}')"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "vm=$(java -version 2>&1 | sed -n 3p)"
  echo "python=$(python3 --version 2>&1)"
  echo "git=$(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
  echo "uptime.before=$(uptime)"
} > "$raw/env.properties"

phase() { echo "== $1 ($(($(date +%s) - started)) s)"; }

# Smoke figures mean nothing, so a smoke run may overlap another JMH run (CI on a shared machine);
# the other profiles keep JMH's lock, which refuses to run beside another JMH run.
jvm_opts=()
if [[ "$profile" == smoke ]]; then
  jvm_opts=(-Djmh.ignoreLock=true)
fi

phase "JMH: every benchmark but the reopen"
java "${jvm_opts[@]}" -jar "$jar" "${jmh_opts[@]}" "${jfr_opts[@]}" -rf json -rff "$raw/jmh.json" \
  -e 'DiskReopenBenchmark' "${jmh_extra[@]}" 2>&1 | tee "$raw/jmh.log"
phase "JMH: reopen"
java "${jvm_opts[@]}" -jar "$jar" "${jmh_opts[@]}" "${jmh_reopen[@]}" "${jfr_opts[@]}" -rf json \
  -rff "$raw/jmh-reopen.json" 'DiskReopenBenchmark' 2>&1 | tee "$raw/jmh-reopen.log"
echo "uptime.jmh=$(uptime)" >> "$raw/env.properties"

phase "heap bytes per entry (JOL)"
java -Djol.magicFieldOffset=true -Djol.skipHotspotSAAttach=true \
  --add-exports java.base/jdk.internal.vm.annotation=ALL-UNNAMED \
  -cp "$jar" org.tiercache.bench.HeapPerEntry "$heap_entries" 2> "$raw/heap.log" | tee "$raw/heap.jsonl"

phase "single flight (loads counted)"
java -cp "$jar" org.tiercache.bench.SingleFlightCount | tee "$raw/singleflight.jsonl"

if [[ "$profile" == smoke ]]; then
  phase "seed: skipped in the smoke profile"
else
  seed="${SEED_BENCH:-$root/../shared/seed/bench_seed.py}"
  phase "seed: python3 $seed"
  if [[ -f "$seed" ]]; then
    python3 "$seed" | tee "$raw/seed.txt"
  else
    echo "no seed benchmark at $seed (set SEED_BENCH): its figures are left out" >&2
  fi
fi
echo "uptime.after=$(uptime)" >> "$raw/env.properties"
echo "seconds=$(($(date +%s) - started))" >> "$raw/env.properties"

phase "report"
relative() { python3 -c 'import os,sys; print(os.path.relpath(sys.argv[1], os.path.dirname(sys.argv[2])))' "$1" "$report"; }
python3 "$here/report.py" --results "$raw" --report "$report" --chart-data "$out/disk-put-cost.csv" \
  --chart-link "$(relative "$out/disk-put-cost.png")" \
  --memory-chart-data "$out/memory-get-ratio.csv" --memory-chart-link "$(relative "$out/memory-get-ratio.png")"
java -cp "$jar" org.tiercache.bench.PutCostChart "$out/disk-put-cost.csv" "$out/disk-put-cost.png"
java -cp "$jar" org.tiercache.bench.PutCostChart "$out/memory-get-ratio.csv" "$out/memory-get-ratio.png" memory
phase "done: $report, $out/disk-put-cost.png, $out/memory-get-ratio.png"
