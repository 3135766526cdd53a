#!/usr/bin/env bash
# Runs the benchmarks side by side with their peers, one part at a time, and writes the report.
#
#   cache-bench/run-benchmarks.sh [--profile smoke|short|long] [--part NAME[,NAME...]] [--no-build]
#                                 [--jfr] [--list-parts] [-- JMH ARGS...]
#
#   smoke  every benchmark once, one tiny iteration, in-process (JMH -f 0), one content size:
#          checks that they build and run (CI); its figures mean nothing. Writes into
#          cache-bench/target/bench-smoke/, never into the repository.
#   short  1 fork, 1 warm-up and 3 measured iterations of 0.5 s (or 1 + 3 shots): about 30 minutes.
#   long   3 forks, 3 warm-up and 5 measured iterations of 1 s (or 5 + 10 shots): about 2 hours
#          20 minutes on 2 cores for every part (--list-parts: each part's estimate); run it part
#          by part on a quiet machine.
# Parts (each a set of benchmarks compared only with each other, plus the mains that belong there):
#   memory-get  MemoryGetScalingBenchmark
#   memory      MemoryOneThreadBenchmark, MemoryTwoThreadsBenchmark, ContentHandoutBenchmark;
#               heap bytes per entry (JOL; the packed disk index at 1,000,000 entries too)
#   composer    ComposerBenchmark, MetricsBenchmark; single flight (loads counted)
#   disk        DiskPutBenchmark, DiskGetBenchmark, DiskScalingBenchmark, DiskReopenBenchmark (packed,
#               then a file per entry); a million 4 KiB entries written per fork at their largest;
#               put cost at 1,000 and 1,000,000 entries per CPU time (InterleavedScalingCpuTime)
#   seed        the seed's bench_seed.py (Python; skipped in the smoke profile)
#   redis       RedisTierBenchmark, RedisClusterTierBenchmark; ShardedLruHitRatio (a simulation)
#   all         every benchmark in one JMH run (the layout before parts existed)
# Without --part every part runs in turn, each into its own folder. A part's results go to
# bench-results/PROFILE/PART/ (smoke: cache-bench/target/bench-smoke/smoke/PART/); the report is
# then rebuilt from the newest results of every part (a long run preferred to a short one), so a
# part run alone refreshes its sections and keeps the others'. --list-parts prints the parts, their
# benchmark configurations and estimated durations in this profile, and exits.
# With JMH arguments after -- (a subset or changed settings), results and report go to
# cache-bench/target/bench-PROFILE/ instead: never BENCHMARKS.md. Without --part such a run is one
# JMH run of everything (part `all`), the arguments narrowing it as they would JMH; with --part they
# are added after the part's regex (JMH ORs regexes: a further regex widens the part, `-p` narrows it).
# --jfr adds JMH's JFR profiler (one recording per benchmark under the part folder's jfr/).
#
# Needs a JDK 17+ and python3 (the seed's benchmark and the report); nothing else: the Redis
# benchmarks start the redis-server on PATH, else the one the embedded-redis jar ships (in the jar).
# No timing is asserted anywhere: the command fails only if something does not build or run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
profile=short
build=1
jfr=0
list=0
parts_arg=""
jmh_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --profile=*) profile="${1#*=}"; shift ;;
    --part) parts_arg="$2"; shift 2 ;;
    --part=*) parts_arg="${1#*=}"; shift ;;
    --no-build) build=0; shift ;;
    --jfr) jfr=1; shift ;;
    --list-parts) list=1; shift ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) sed -n '2,37p' "$0"; exit 0 ;;
    *) echo "unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# A part: the JMH regex of its benchmarks (empty: none) and the other phases it runs.
all_parts=(memory-get memory composer disk seed redis)
declare -A part_jmh=(
  [memory-get]='\.MemoryGetScalingBenchmark\.'
  [memory]='\.(MemoryOneThreadBenchmark|MemoryTwoThreadsBenchmark|ContentHandoutBenchmark)\.'
  [composer]='\.(ComposerBenchmark|MetricsBenchmark)\.'
  [disk]='\.(DiskPutBenchmark|DiskGetBenchmark|DiskScalingBenchmark)\.'
  [seed]=''
  [redis]='\.(RedisTierBenchmark|RedisClusterTierBenchmark)\.'
  [all]='.'
)
declare -A part_phases=(
  [memory-get]=''
  [memory]='heap'
  [composer]='singleflight'
  [disk]='reopen scalingcpu'
  [seed]='seed'
  [redis]='shards'
  [all]='reopen scalingcpu heap singleflight seed shards'
)
# Estimated minutes of each phase that is not a measured JMH benchmark, per profile (long/short/smoke).
declare -A phase_minutes_long=([heap]=3 [singleflight]=1 [seed]=3 [shards]=2 [scalingcpu]=3)
declare -A phase_minutes_short=([heap]=2 [singleflight]=1 [seed]=3 [shards]=2 [scalingcpu]=2)
declare -A phase_minutes_smoke=([heap]=1 [singleflight]=1 [seed]=0 [shards]=1 [scalingcpu]=1)

case "$profile" in
  smoke)
    jmh_opts=(-foe true -f 0 -wi 0 -i 1 -r 100ms -p size=4096 -p population=1000x4096 -p entries=1000)
    heap_entries=2000
    shard_args=(100000 400000)
    scaling_cpu_args=(1000,2000 1)
    out="$here/target/bench-smoke"
    report="$out/BENCHMARKS.md"
    ;;
  short)
    jmh_opts=(-foe true -f 1 -wi 1 -w 500ms -i 3 -r 500ms)
    heap_entries=50000
    shard_args=(1000000 10000000)
    scaling_cpu_args=(1000,1000000 21)
    out="$root/bench-results"
    report="$root/BENCHMARKS.md"
    ;;
  long)
    jmh_opts=(-foe true -f 3 -wi 3 -w 1s -i 5 -r 1s)
    heap_entries=100000
    shard_args=(1000000 10000000)
    scaling_cpu_args=(1000,1000000 41)
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
# The reopen's options: the profile's, with more single shots in the long profile. JMH refuses an
# option given twice, so the long profile's -wi and -i are replaced, not followed by others.
jmh_reopen=()
for ((k = 0; k < ${#jmh_opts[@]}; k++)); do
  if [[ "$profile" == long && ( "${jmh_opts[k]}" == -wi || "${jmh_opts[k]}" == -i ) ]]; then
    k=$((k + 1))
  else
    jmh_reopen+=("${jmh_opts[k]}")
  fi
done
if [[ "$profile" == long ]]; then
  jmh_reopen+=(-wi 5 -i 10)
fi
# The reopen's second run: files of their own, at the counts a file-per-entry folder was measured
# at (the first run is DiskReopenBenchmark's default, packed, to a million entries). The smoke
# profile's -p entries=1000 already narrows it (JMH would add a second -p's values to the first's).
reopen_files=(-p packBelow=0)
if [[ "$profile" != smoke ]]; then
  reopen_files+=(-p entries=1000,10000,100000)
fi
# Seconds per fork of the slow set-ups (see slow_setups below), measured on the 2-core VM at load 6
# to 13 (2026-12-01): a million 4 KiB puts took 62 s (DiskScalingBenchmark) and 36 s
# (DiskReopenBenchmark), each reopen shot of them 2.3 to 2.6 s.
SCALING_MILLION_FILL=75
REOPEN_MILLION_FILL=45
REOPEN_MILLION_SHOT=3

if [[ -n "$parts_arg" ]]; then
  IFS=',' read -r -a parts <<< "$parts_arg"
  for p in "${parts[@]}"; do
    [[ -n "${part_phases[$p]+set}" ]] || {
      echo "unknown part '$p': ${all_parts[*]} or all" >&2; exit 2; }
  done
elif [[ ${#jmh_extra[@]} -gt 0 ]]; then
  parts=(all)
else
  parts=("${all_parts[@]}")
fi

jar="$here/target/benchmarks.jar"
cd "$root"
if [[ $build == 1 && $list == 0 ]]; then
  echo "== build: ./mvnw -q -B -pl cache-bench -am package -DskipTests"
  ./mvnw -q -B -pl cache-bench -am package -DskipTests
fi
[[ -f "$jar" ]] || { echo "no $jar: build first (drop --no-build)" >&2; exit 1; }

# Smoke figures mean nothing, so a smoke run may overlap another JMH run (CI on a shared machine);
# the other profiles keep JMH's lock, which refuses to run beside another JMH run.
jvm_opts=()
if [[ "$profile" == smoke ]]; then
  jvm_opts=(-Djmh.ignoreLock=true)
fi

# The benchmarks of the jar with their parameters (JMH's -lp).
listing="$(java "${jvm_opts[@]}" -jar "$jar" -lp)"
count_configs_py='
import re, shlex, sys
regex, exclude, opts = sys.argv[1], sys.argv[2], shlex.split(sys.argv[3])
slow = {k: int(v) for k, v in (a.rsplit(":", 1) for a in sys.argv[4].split())} if len(sys.argv) > 4 else {}
forks = max([1] + [int(opts[i + 1]) for i in range(len(opts) - 1) if opts[i] == "-f"][-1:])
override = {opts[i + 1].split("=", 1)[0]: opts[i + 1].split("=", 1)[1].split(",")
            for i in range(len(opts) - 1) if opts[i] == "-p"}
total, seconds, bench, params = 0, 0, None, {}
def count():
    """The configurations of the benchmark just listed, and the seconds their slow set-ups add."""
    if bench is None or not re.search(regex, bench) or re.search(exclude, bench):
        return 0, 0
    chosen = {name: override.get(name, values) for name, values in params.items()}
    n = 1
    for values in chosen.values():
        n *= len(values)
    extra = 0
    for name, values in chosen.items():
        for value in values:
            extra += slow.get(f"{name}={value.strip()}", 0) * (n // len(values)) * forks
    return n, extra
for line in sys.stdin:
    m = re.match(r"^\s+param \"(\w+)\" = \{(.*)\}", line)
    if m:
        params[m.group(1)] = m.group(2).split(",")
    elif re.match(r"^[a-z][\w.]*\.\w+$", line.strip()) and not line[0].isspace():
        n, extra = count()
        total, seconds = total + n, seconds + extra
        bench, params = line.strip(), {}
n, extra = count()
print(total + n, seconds + extra)
'
# How many configurations JMH runs for an include and an exclude regex, with this profile's -p
# values applied, and the seconds their slow set-ups add ($slow_setups), as "CONFIGS SECONDS"; with
# JMH arguments after -- (passed to that run: a third argument "extra"), asks JMH for the listing
# they select (a JVM start). A fourth argument adds JMH options of that run (the reopen's).
count_configs() {
  if [[ ${3:-} == extra && ${#jmh_extra[@]} -gt 0 ]]; then
    local include=("$1")
    if [[ "$1" == . ]]; then include=(); fi  # part all: the arguments alone choose
    java "${jvm_opts[@]}" -jar "$jar" -lp -e "$2" "${include[@]}" "${jmh_extra[@]}" \
      | python3 -c "$count_configs_py" . '^$' "${jmh_opts[*]} ${jmh_extra[*]}" "$slow_setups"
  else
    python3 -c "$count_configs_py" "$1" "$2" "${jmh_opts[*]} ${4:-}" "$slow_setups" <<< "$listing"
  fi
}
# Every benchmark of the jar in exactly one part, the same here and in report.py (which reads a
# part's figures by class): a new benchmark class must be given a part in both.
part_args=()
for p in "${all_parts[@]}"; do part_args+=("$p=${part_jmh[$p]}"); done
part_args+=('disk=\.DiskReopenBenchmark\.')
python3 -B -c '
import re, sys
sys.path.insert(0, sys.argv[1])
from report import PARTS
parts = [a.split("=", 1) for a in sys.argv[2:] if not a.endswith("=")]
wrong = []
for line in sys.stdin:
    bench = line.strip()
    if line[0].isspace() or not re.match(r"^[a-z][\w.]*\.\w+$", bench):
        continue
    here = sorted({p for p, regex in parts if re.search(regex, bench)})
    cls = bench.split(".")[-2]
    there = [p for p, (classes, files) in PARTS.items() if cls in classes]
    if len(here) != 1 or here != there:
        wrong.append(f"{bench}: run-benchmarks.sh part {here or None}, report.py part {there or None}")
if wrong:
    print("benchmarks not in exactly one part, the same in run-benchmarks.sh and report.py (PARTS):",
          *wrong, sep="\n  ", file=sys.stderr)
    sys.exit(1)
' "$here" "${part_args[@]}" <<< "$listing"

# Seconds one configuration takes: forks x (warm-up + measurement + about 1.5 s of fork start and
# set-up); a single-shot configuration (the reopen) about 4 s of set-up and shots per fork.
case "$profile" in
  long) per_config=$((3 * (3 + 5) + 3 * 3 / 2)); per_reopen=$((3 * 4)); phase_minutes="phase_minutes_long" ;;
  short) per_config=$((1 + 1 + 2)); per_reopen=4; phase_minutes="phase_minutes_short" ;;
  smoke) per_config=1; per_reopen=2; phase_minutes="phase_minutes_smoke" ;;
esac
# Parameter values whose set-up is slow, with the seconds they add per fork (issue 16's million
# small entries: 4 GB written in the set-up): DiskScalingBenchmark's population (a million puts;
# the methods' own iterations are in per_config), DiskReopenBenchmark's entries (a million puts,
# then each shot reads a journal of a million records).
case "$profile" in
  long) reopen_shots=15 ;;
  short) reopen_shots=4 ;;
  smoke) reopen_shots=1 ;;
esac
slow_setups="population=1000000x4096:$SCALING_MILLION_FILL entries=1000000:$((REOPEN_MILLION_FILL + reopen_shots * REOPEN_MILLION_SHOT))"
part_estimate() {
  local p="$1" configs=0 reopen=0 files=0 extra=0 seconds minutes ph n s
  if [[ -n "${part_jmh[$p]}" ]]; then
    read -r configs extra <<< "$(count_configs "${part_jmh[$p]}" 'DiskReopenBenchmark' extra)"
  fi
  if [[ " ${part_phases[$p]} " == *" reopen "* ]]; then
    read -r reopen s <<< "$(count_configs '\.DiskReopenBenchmark\.' '^$')"
    read -r files n <<< "$(count_configs '\.DiskReopenBenchmark\.' '^$' '' "${reopen_files[*]}")"
    reopen=$((reopen + files))
    extra=$((extra + s + n))
  fi
  seconds=$((configs * per_config + reopen * per_reopen + extra))
  declare -n pm="$phase_minutes"
  for ph in ${part_phases[$p]}; do
    [[ $ph == reopen ]] || seconds=$((seconds + ${pm[$ph]:-0} * 60))
  done
  minutes=$(((seconds + 59) / 60))
  echo "$((configs + reopen)) benchmark configurations, about $minutes minute$([[ $minutes == 1 ]] || echo s)"
}

if [[ $list == 1 ]]; then
  for p in "${all_parts[@]}" all; do
    printf '%-10s %-80s %s\n' "$p" "$(part_estimate "$p")" "phases: ${part_phases[$p]:-none}"
  done
  exit 0
fi

relative() { python3 -c 'import os,sys; print(os.path.relpath(sys.argv[1], os.path.dirname(sys.argv[2])))' "$1" "$report"; }

run_part() {
  local part="$1" started raw regex
  started=$(date +%s)
  # written aside and moved into place at the end: a run that fails keeps the part's last results
  local final="$out/$profile/$part"
  raw="$final.running"
  phase() { echo "== $part: $1 ($(($(date +%s) - started)) s)"; }
  phase "$(part_estimate "$part") in the $profile profile"
  rm -rf "$raw"
  mkdir -p "$raw"
  local jfr_opts=()
  if [[ $jfr == 1 ]]; then
    jfr_opts=(-prof "jfr:dir=$raw/jfr")
  fi
  local command="cache-bench/run-benchmarks.sh --profile $profile --part $part"
  if [[ ${#jmh_extra[@]} -gt 0 ]]; then
    command="cache-bench/run-benchmarks.sh --profile $profile${parts_arg:+ --part $part} -- ${jmh_extra[*]}"
  fi
  {
    echo "profile=$profile"
    echo "part=$part"
    echo "command=$command"
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

  regex="${part_jmh[$part]}"
  if [[ -n "$regex" ]]; then
    phase "JMH: $regex"
    local include=("$regex")
    # part all: the extra arguments alone choose (JMH ORs regexes, so the part's '.' would hold all)
    if [[ "$part" == all && ${#jmh_extra[@]} -gt 0 ]]; then include=(); fi
    java "${jvm_opts[@]}" -jar "$jar" "${jmh_opts[@]}" "${jfr_opts[@]}" -rf json -rff "$raw/jmh.json" \
      -e 'DiskReopenBenchmark' "${include[@]}" "${jmh_extra[@]}" 2>&1 | tee "$raw/jmh.log"
  fi
  local ph
  for ph in ${part_phases[$part]}; do
    case "$ph" in
      reopen)
        phase "JMH: reopen, packed (the default)"
        java "${jvm_opts[@]}" -jar "$jar" "${jmh_reopen[@]}" "${jfr_opts[@]}" -rf json \
          -rff "$raw/jmh-reopen.json" '\.DiskReopenBenchmark\.' 2>&1 | tee "$raw/jmh-reopen.log"
        phase "JMH: reopen, a file per entry"
        java "${jvm_opts[@]}" -jar "$jar" "${jmh_reopen[@]}" "${jfr_opts[@]}" -rf json \
          -rff "$raw/jmh-reopen-files.json" '\.DiskReopenBenchmark\.' "${reopen_files[@]}" 2>&1 \
          | tee "$raw/jmh-reopen-files.log"
        ;;
      heap)
        phase "heap bytes per entry (JOL)"
        java -Djol.magicFieldOffset=true -Djol.skipHotspotSAAttach=true \
          --add-exports java.base/jdk.internal.vm.annotation=ALL-UNNAMED \
          -cp "$jar" org.tiercache.bench.HeapPerEntry "$heap_entries" 2> "$raw/heap.log" | tee "$raw/heap.jsonl"
        if [[ "$profile" != smoke ]]; then
          # issue 16: the packed index at a million entries (JOL takes under a minute on it alone)
          java -Xmx4g -Djol.magicFieldOffset=true -Djol.skipHotspotSAAttach=true \
            --add-exports java.base/jdk.internal.vm.annotation=ALL-UNNAMED \
            -cp "$jar" org.tiercache.bench.HeapPerEntry 1000000 disk-packed 2>> "$raw/heap.log" \
            | tee -a "$raw/heap.jsonl"
        fi
        ;;
      scalingcpu)
        phase "put cost against entries held, per CPU time (InterleavedScalingCpuTime ${scaling_cpu_args[*]})"
        java -Xmx3g -cp "$jar" org.tiercache.bench.InterleavedScalingCpuTime "${scaling_cpu_args[@]}" \
          2> "$raw/scaling-cpu.log" | tee "$raw/scaling-cpu.txt"
        ;;
      singleflight)
        phase "single flight (loads counted)"
        java -cp "$jar" org.tiercache.bench.SingleFlightCount | tee "$raw/singleflight.jsonl"
        ;;
      seed)
        if [[ "$profile" == smoke ]]; then
          phase "seed: skipped in the smoke profile"
        else
          local seed="${SEED_BENCH:-$root/../shared/seed/bench_seed.py}"
          phase "seed: python3 $seed"
          if [[ -f "$seed" ]]; then
            python3 "$seed" | tee "$raw/seed.txt"
          else
            echo "no seed benchmark at $seed (set SEED_BENCH): its figures are left out" >&2
          fi
        fi
        ;;
      shards)
        phase "shard hit ratio (ShardedLruHitRatio ${shard_args[*]}, a simulation)"
        java -cp "$jar" org.tiercache.bench.ShardedLruHitRatio "${shard_args[@]}" | tee "$raw/shards.txt"
        ;;
    esac
  done
  echo "uptime.after=$(uptime)" >> "$raw/env.properties"
  echo "seconds=$(($(date +%s) - started))" >> "$raw/env.properties"
  rm -rf "$final"
  mv "$raw" "$final"
  phase "done: $final"
}

for part in "${parts[@]}"; do
  run_part "$part"
done

if [[ ${#jmh_extra[@]} -gt 0 ]]; then
  # a subset: its report shows this command's runs only
  echo "== report from this command's runs"
  sources=()
  for part in "${parts[@]}"; do sources+=(--results "$out/$profile/$part"); done
else
  echo "== report from the newest results of every part under $out"
  sources=(--results-root "$out")
fi
python3 "$here/report.py" "${sources[@]}" --report "$report" \
  --chart-data "$out/disk-put-cost.csv" --chart-link "$(relative "$out/disk-put-cost.png")" \
  --memory-chart-data "$out/memory-get-ratio.csv" --memory-chart-link "$(relative "$out/memory-get-ratio.png")"
java -cp "$jar" org.tiercache.bench.PutCostChart "$out/disk-put-cost.csv" "$out/disk-put-cost.png"
java -cp "$jar" org.tiercache.bench.PutCostChart "$out/memory-get-ratio.csv" "$out/memory-get-ratio.png" memory
echo "== done: $report, $out/disk-put-cost.png, $out/memory-get-ratio.png"
