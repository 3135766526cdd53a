#!/usr/bin/env python3
"""Writes BENCHMARKS.md from the newest results of every part of cache-bench/run-benchmarks.sh
(standard library only).

  report.py --results-root bench-results --report BENCHMARKS.md --chart-data disk-put-cost.csv \
      --memory-chart-data memory-get-ratio.csv

A run is a folder holding env.properties (profile, part, date, load, git commit, command) and what
the run wrote: jmh.json, jmh-reopen.json, jmh-reopen-files.json, heap.jsonl, singleflight.jsonl,
seed.txt, shards.txt. The runs are found under each --results-root (ROOT/PROFILE/PART/, and ROOT/PROFILE/ as the layout before
parts: one run of every part) and given one by one with --results. Each part's figures come from
one run: the run of that part (or of `all`) with the best profile (long, then short, then smoke),
the newest of those; so every ratio compares figures of one JMH run, and each section says which.
A part with no run says so. Every figure is put beside its peer as a ratio, with JMH's error (the
half-width of its 99.9% confidence interval). The "Targets" section judges each target from its
part's run only; for a missed target it adds the analysis written in target-notes.md (from a
profile) under the target's id. The memory chart's data is the get-hit ratio of the memory tier to
Caffeine by working set (MemoryGetScalingBenchmark), one series per thread count, size and fill.
"""
import argparse
import json
import math
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
B = "org.tiercache.bench."


def load_jmh(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f)


def num(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return math.nan
    return value


class Result:
    def __init__(self, raw):
        self.name = raw["benchmark"].replace(B, "")
        self.threads = raw["threads"]
        self.params = raw.get("params", {})
        metric = raw["primaryMetric"]
        self.score = num(metric["score"])
        self.error = num(metric["scoreError"])
        self.unit = metric["scoreUnit"]
        self.samples = sum(len(fork) for fork in metric.get("rawData", []))
        # A @Group benchmark's threads each report a secondary metric under their method's name.
        self.secondary = {}
        for key, m in raw.get("secondaryMetrics", {}).items():
            sub = Result.__new__(Result)
            sub.name, sub.threads, sub.params = f"{self.name}:{key}", 1, self.params
            sub.score, sub.error, sub.unit = num(m["score"]), num(m["scoreError"]), m["scoreUnit"]
            sub.samples, sub.secondary = self.samples, {}
            self.secondary[key] = sub


class Results:
    def __init__(self, results):
        self.all = list(results)

    def find(self, name, threads=None, **params):
        for r in self.all:
            if r.name != name or (threads is not None and r.threads != threads):
                continue
            if all(str(r.params.get(k)) == str(v) for k, v in params.items()):
                return r
        return None


def fmt(x, digits=3):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - magnitude)
    return f"{x:,.{decimals}f}"


def cell(r):
    if r is None:
        return "not run"
    if math.isnan(r.error):
        return f"{fmt(r.score)}"
    return f"{fmt(r.score)} ± {fmt(r.error, 2)}"


def ratio(ours, peer, higher_is_better):
    """Our speed over the peer's (> 1: we are faster), with a conservative error."""
    if ours is None or peer is None or ours.score <= 0 or peer.score <= 0:
        return None, None
    r = ours.score / peer.score if higher_is_better else peer.score / ours.score
    rel = 0.0
    for x in (ours, peer):
        rel += 0.0 if math.isnan(x.error) else x.error / x.score
    return r, r * rel if rel > 0 else math.nan


def xfmt(r):
    return f"{r:.0f}x" if r >= 10 else f"{r:.2f}x"


def rcell(r, err):
    if r is None:
        return "n/a"
    if err is None or math.isnan(err):
        return f"**{r:.2f}x**"
    return f"**{r:.2f}x** ± {err:.2f}"


def read_env(path):
    env = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    env[k] = v
    return env


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


def read_scaling_cpu(path):
    """InterleavedScalingCpuTime's lines: {entries: {kind: (cost us, ratio, lower q, upper q)}}."""
    rows = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                m = re.match(r"put at ([\d,]+) entries:(.*)$", line)
                if m:
                    rows[int(m.group(1).replace(",", ""))] = {
                        kind: (float(cost), float(r), float(lo), float(hi)) for kind, cost, r, lo, hi
                        in re.findall(r" (thread CPU|process CPU|wall) ([\d.]+) us/put, over [\d,]+ "
                                      r"entries ([\d.]+) \(quartiles ([\d.]+), ([\d.]+)\);", m.group(2))}
    return rows


def read_seed(path):
    seed = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    seed[parts[0]] = float(parts[1])
    return seed


def read_notes(path):
    notes, current = {}, None
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                m = re.match(r"^## (\S+)\s*$", line)
                if m:
                    current = m.group(1)
                    notes[current] = []
                elif current:
                    notes[current].append(line)
    return {k: "".join(v).strip() for k, v in notes.items()}


# A part: the benchmark classes compared with each other in one JMH run, and the other files its
# run writes. Kept in step with run-benchmarks.sh's parts.
PARTS = {
    "memory-get": (("MemoryGetScalingBenchmark",), ()),
    "memory": (("MemoryOneThreadBenchmark", "MemoryTwoThreadsBenchmark", "ContentHandoutBenchmark"),
               ("heap.jsonl",)),
    "composer": (("ComposerBenchmark", "MetricsBenchmark"), ("singleflight.jsonl",)),
    "disk": (("DiskPutBenchmark", "DiskGetBenchmark", "DiskScalingBenchmark", "DiskReopenBenchmark"),
             ("scaling-cpu.txt",)),
    "seed": ((), ("seed.txt",)),
    "redis": (("RedisTierBenchmark", "RedisClusterTierBenchmark"), ("shards.txt",)),
}
PROFILE_RANK = {"long": 2, "short": 1}


def load_average(uptime):
    m = re.search(r"load average:\s*(.*)$", uptime or "")
    return m.group(1).strip() if m else "?"


class Run:
    """One folder written by run-benchmarks.sh: one part (or `all`) in one profile."""

    def __init__(self, folder):
        self.folder = folder
        self.env = read_env(os.path.join(folder, "env.properties"))
        self.profile = self.env.get("profile", "?")
        self.part = self.env.get("part", "all")
        self.date = self.env.get("date", "")
        self.results = [Result(r) for r in load_jmh(os.path.join(folder, "jmh.json"))
                        + load_jmh(os.path.join(folder, "jmh-reopen.json"))
                        + load_jmh(os.path.join(folder, "jmh-reopen-files.json"))]
        self.heap = read_jsonl(os.path.join(folder, "heap.jsonl"))
        self.flights = read_jsonl(os.path.join(folder, "singleflight.jsonl"))
        self.seed = read_seed(os.path.join(folder, "seed.txt"))
        self.shards = read_shards(os.path.join(folder, "shards.txt"))
        self.scaling_cpu = read_scaling_cpu(os.path.join(folder, "scaling-cpu.txt"))

    def of(self, part):
        """This run's results of a part, or None when it holds none."""
        if self.part not in (part, "all"):
            return None
        classes, files = PARTS[part]
        results = [r for r in self.results if r.name.split(".")[0] in classes]
        data = {"heap.jsonl": self.heap, "singleflight.jsonl": self.flights, "seed.txt": self.seed,
                "shards.txt": self.shards, "scaling-cpu.txt": self.scaling_cpu}
        if not results and not any(data[f] for f in files):
            return None
        return results

    def rank(self):
        return PROFILE_RANK.get(self.profile, 0), self.date

    def provenance(self):
        source = self.env.get("git", "?")
        return (f"{self.profile} profile, {self.date or '?'}, commit {source}, load average "
                f"{load_average(self.env.get('uptime.before'))} before, "
                f"{load_average(self.env.get('uptime.after'))} after; "
                f"`{self.env.get('command', '?')}`")


def find_runs(roots, folders):
    """Every run under the roots (ROOT/PROFILE/PART/ and the older ROOT/PROFILE/) and the folders."""
    found = []
    for root in roots:
        if not os.path.isdir(root):
            continue
        for profile in sorted(os.listdir(root)):
            pdir = os.path.join(root, profile)
            if not os.path.isdir(pdir):
                continue
            if os.path.exists(os.path.join(pdir, "env.properties")):
                found.append(pdir)
            for part in sorted(os.listdir(pdir)):
                # PART.running: a run under way, or one that failed
                if not part.endswith(".running") and os.path.exists(
                        os.path.join(pdir, part, "env.properties")):
                    found.append(os.path.join(pdir, part))
    found.extend(f for f in folders if os.path.exists(os.path.join(f, "env.properties")))
    return [Run(f) for f in dict.fromkeys(os.path.abspath(f) for f in found)]


def choose(runs):
    """For each part, the run its figures come from: best profile, then newest (None: no run)."""
    chosen = {}
    for part in PARTS:
        holding = [r for r in runs if r.of(part) is not None]
        chosen[part] = max(holding, key=Run.rank) if holding else None
    return chosen


def read_shards(path):
    """ShardedLruHitRatio's lines: {capacity: (global hit ratio, {shards: sharded minus global})}."""
    rows = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                m = re.match(r"capacity ([\d,]+) entries .*?: global LRU ([\d.]+)(.*)$", line)
                if m:
                    # the difference as printed: taken from the unrounded ratios
                    sharded = {int(n): float(d) for n, d in
                               re.findall(r"; (\d+) shards [\d.]+ \(([+-][\d.]+)\)", m.group(3))}
                    rows[int(m.group(1).replace(",", ""))] = (float(m.group(2)), sharded)
    return rows


SIZES = {1024: "1 KiB", 4096: "4 KiB", 65536: "64 KiB", 262144: "256 KiB", 4194304: "4 MiB"}


def size_name(size):
    return SIZES.get(int(size), f"{size} B")


class Targets:
    def __init__(self):
        self.rows = []
        self.part = None  # the part whose run the next targets are judged from

    def add(self, tid, target, figure, met, within_error=False):
        status = "n/a (not run)" if met is None else ("**met**" if met else "**missed**")
        if met is not None and within_error:
            status += " (threshold within the error)"
        self.rows.append((tid, target, figure, status, met, self.part))


METRICS_SETUPS = (
    ("memory", "memory tier"),
    ("memory+meters", "memory tier, `CacheTierMetrics` bound"),
    ("tiered", "`TieredCache(memory)`"),
    ("tiered+meters", "`TieredCache(memory)`, `TieredCacheMetrics` bound"),
    ("tiered+jfr-default", "`TieredCache(memory)`, JFR recording on the JDK's default settings"),
    ("tiered+jfr-slow-op", "`TieredCache(memory)`, JFR recording enabling `SlowOperation`"),
)


def metrics_section(res):
    """The cost of metrics and JFR on a memory hit (MetricsBenchmark), as markdown lines."""
    lines = ["`MetricsBenchmark` (issue 17): the full memory tier of the composer section (2,048 entries "
             "of 1 KiB, Zipfian keys), alone or as the only tier of a `TieredCache`, with its meters "
             "bound to a `SimpleMeterRegistry` or not, and a stack under a running JFR recording. "
             "Operations per microsecond. `hit`: one thread getting, the registry never read (the "
             "meters are function counters and gauges, read only at a scrape). `scraped`: one thread "
             "getting beside one reading every meter in a loop without pause, far more often than any "
             "registry scrapes (every 10 to 60 s): an upper bound; without meters the second thread "
             "loops over an empty registry.\n",
             "| setup | hit (1 thread) | scraped: gets | scraped: scrapes |",
             "|---|---|---|---|"]
    shown = False
    for setup, label in METRICS_SETUPS:
        hit = res.find("MetricsBenchmark.hit", setup=setup)
        group = res.find("MetricsBenchmark.scraped", setup=setup)
        gets = group.secondary.get("scrapedHit") if group else None
        scrapes = group.secondary.get("scrape") if group else None
        shown = shown or hit is not None or group is not None
        scrape_cell = "no meters" if setup in ("memory", "tiered", "tiered+jfr-default",
                                               "tiered+jfr-slow-op") else cell(scrapes)
        lines.append(f"| {label} | {cell(hit)} | {cell(gets)} | {scrape_cell} |")
    lines.append("")
    if not shown:
        return ["`MetricsBenchmark` was not run.\n"]
    return lines


REDIS_LIMITS = (("get", "GET", {4096: 1.3, 262144: 1.1}), ("put", "SET", {4096: 1.5, 262144: 1.2}))


def redis_target(op, plain_name, limits):
    return (f"Redis tier {op} <= " + " / ".join(f"{v}x" for v in limits.values())
            + f" a plain {plain_name}'s time at 4 KiB / 256 KiB")


def redis_cluster_section(res, w):
    """RedisClusterTierBenchmark: the tier on one server against the same on a Redis Cluster."""
    w("### Redis tier: one server against a Redis Cluster (issue 18, `RedisClusterTierBenchmark`)\n")
    runs = [r for r in res.all if r.name.startswith("RedisClusterTierBenchmark.")]
    if not runs:
        w("`RedisClusterTierBenchmark` was not run.\n")
        return
    w("Microseconds per operation, one thread, loopback; cluster = 3 primaries + 3 replicas, 24 "
      "shards; on a cluster a get is the script then a GET (two round trips: Jedis' cluster pipeline "
      "neither follows `MOVED` nor refreshes its slot map), not one pipelined write. Ratio: the "
      "cluster's time over one server's (lower is better; 1.0: the cluster costs nothing).\n")
    w("| size | get, one server | get, cluster | cluster / one | put, one server | put, cluster | "
      "cluster / one |")
    w("|---|---|---|---|---|---|---|")
    for size in sorted({int(r.params["size"]) for r in runs}):
        line = f"| {size_name(size)} |"
        for method in ("tierGet", "tierPut"):
            one = res.find(f"RedisClusterTierBenchmark.{method}", server="single", size=size)
            cluster = res.find(f"RedisClusterTierBenchmark.{method}", server="cluster", size=size)
            r, e = ratio(one, cluster, False)  # one server's speed over the cluster's: its time ratio
            line += f" {cell(one)} | {cell(cluster)} | {rcell(r, e)} |"
        w(line)
    w("")


def shards_section(shards, w):
    """ShardedLruHitRatio: a simulation, so the machine's load does not change its figures."""
    w("### Redis shards: hit ratio against one global LRU (issue 18, `ShardedLruHitRatio`)\n")
    if not shards:
        w("`ShardedLruHitRatio` was not run.\n")
        return
    counts = sorted({n for _, sharded in shards.values() for n in sharded})
    w("Exact LRU of C equal-sized entries against N exact LRUs of C/N, each entry placed by the "
      "tier's rule (first 32 bits of its SHA-256 mod N), YCSB scrambled Zipfian 0.99 (the first "
      "half of the accesses warms up). A simulation: the machine's load does not change the "
      "figures. Differences are sharded minus global.\n")
    w("| capacity (entries) | global LRU | " + " | ".join(f"{n} shards" for n in counts) + " |")
    w("|---|---|" + "---|" * len(counts))
    for capacity, (global_ratio, sharded) in sorted(shards.items()):
        w(f"| {capacity:,} | {global_ratio:.4f} | " + " | ".join(
            f"{sharded[n]:+.4f}".replace("-", "\u2212") if n in sharded else "n/a"
            for n in counts) + " |")
    w("")


def packed_by_default(res):
    """True for runs after pack.below became 64KB by default: their file-per-entry rows say pack.below-0."""
    return any(r.params.get("store", "").startswith("tiercache-pack.below-0") for r in res.all)


def packed_section(res, w, targets):
    """Issue 16: small entries packed into segment files, against files, Ehcache and one file."""
    by_default = packed_by_default(res)
    if by_default:
        w("**Small entries packed into segment files** (issue 16): the disk tier on its defaults "
          "(`pack.below=64KB`, `fsync=periodic`, `verify=checksum`: content from 64 KiB up keeps a "
          "file per entry), in the same get and put benchmarks as above, against the tier with "
          "`pack.below=0` (a file per entry, the layout before issue 16), Ehcache 3's disk tier and "
          "`raw-pread`, the floor for packed content: every value appended to one open file, read "
          "back with one positional read. Microseconds per operation; ratios are speed ratios "
          "(above 1: packed is faster).\n")
        stores = {"put": ("tiercache-pack.below-0", "tiercache-fsync-periodic"),
                  "put, `fsync=always`": ("tiercache-pack.below-0+fsync-always",
                                          "tiercache-fsync-always"),
                  "get": ("tiercache-pack.below-0", "tiercache-verify-checksum")}
        sizes = sorted({int(r.params["size"]) for r in res.all
                        if r.name in ("DiskGetBenchmark.get", "DiskPutBenchmark.put")
                        and r.params.get("store", "").startswith("tiercache-pack.below-0")
                        and int(r.params["size"]) < 65536})
    else:
        w("**Small entries packed into segment files** (issue 16): the disk tier with `pack.below=64KB` "
          "(other settings the defaults of that run: `fsync=periodic`, `verify=checksum`; content from "
          "64 KiB up keeps a file per entry), in the same get and put benchmarks as above, against the "
          "tier with a file per entry (that run's defaults), Ehcache 3's disk tier and `raw-pread`, the "
          "floor for packed content: every value appended to one open file, read back with one "
          "positional read. Microseconds per operation; ratios are speed ratios (above 1: packed is "
          "faster).\n")
        stores = {"put": ("tiercache-fsync-periodic", "tiercache-pack.below-64KB"),
                  "put, `fsync=always`": ("tiercache-fsync-always",
                                          "tiercache-pack.below-64KB+fsync-always"),
                  "get": ("tiercache-verify-checksum", "tiercache-pack.below-64KB")}
        sizes = sorted({int(r.params["size"]) for r in res.all
                        if r.name in ("DiskGetBenchmark.get", "DiskPutBenchmark.put")
                        and r.params.get("store", "").startswith("tiercache-pack.")})
    if not sizes:
        w("Not run (no file-per-entry and packed stores side by side in this run).\n")
        for tid, text in PACKED_TARGETS:
            targets.add(tid, text, "not run", None)
        return
    w("| size | operation | file per entry | packed | packed / file | Ehcache 3 disk | packed / Ehcache "
      "| floor | packed / floor |")
    w("|---|---|---|---|---|---|---|---|---|")
    verdicts = {tid: [] for tid, _ in PACKED_TARGETS}
    for size in sizes:
        for op, name, floor_store, floor_label in (
                ("put", "DiskPutBenchmark.put", None, ""),
                ("put, `fsync=always`", "DiskPutBenchmark.put", None, ""),
                ("get", "DiskGetBenchmark.get", "raw-pread", "raw pread")):
            file_store, packed_store = stores[op]
            f = lambda store: res.find(name, store=store, size=size) if store else None
            file_, packed, ehc, floor = f(file_store), f(packed_store), f("ehcache-persistent"), f(floor_store)
            if packed is None:
                continue
            rf, ef = ratio(packed, file_, False)
            re_, ee = ratio(packed, ehc, False) if "always" not in op else (None, None)
            rp, ep = ratio(packed, floor, False)
            w(f"| {size_name(size)} | {op} | {cell(file_)} | {cell(packed)} | {rcell(rf, ef)} | "
              f"{cell(ehc) if 'always' not in op else '(never forces)'} | {rcell(re_, ee)} | "
              f"{floor_label + ' ' + cell(floor) if floor_store else ''} | "
              f"{rcell(rp, ep) if floor_store else ''} |")
            if size == 4096 and op == "put":
                verdicts["disk-packed-put"] += [("Ehcache", re_, ee, 1.0), ("file per entry", rf, ef, 5.0)]
            if size == 4096 and op == "get":
                verdicts["disk-packed-get"] += [("Ehcache", re_, ee, 1.0), ("raw pread", rp, ep, 0.9)]
    w("")
    for tid, text in PACKED_TARGETS:
        rows = [(label, r, e, limit) for label, r, e, limit in verdicts[tid] if r is not None]
        if not rows:
            targets.add(tid, text, "not run", None)
            continue
        targets.add(tid, text, "; ".join(f"{r:.2f}x {label}" for label, r, e, limit in rows),
                    all(r >= limit for label, r, e, limit in rows) and len(rows) == 2,
                    any(e is not None and not math.isnan(e) and abs(r - limit) <= e
                        for label, r, e, limit in rows))


PACKED_TARGETS = (
    ("disk-packed-put", "Packed 4 KiB put >= 1.0x Ehcache 3's disk put and >= 5x the file-per-entry "
                        "put (issue 16)"),
    ("disk-packed-get", "Packed 4 KiB get >= 1.0x Ehcache 3's disk get and >= 0.9x a raw pread of "
                        "the same bytes from one open file (issue 16)"),
)


def memory_scaling_section(res, w, targets):
    """MemoryGetScalingBenchmark: get-hit by working set; returns the chart's rows."""
    runs = [r for r in res.all if r.name.startswith("MemoryGetScalingBenchmark.")]
    if not runs:
        w("`MemoryGetScalingBenchmark` was not run.\n")
        targets.add("memory-get-scaling", "Memory get-hit >= Caffeine's at every working set, 1 and "
                    "2 threads (issue 14)", "not run", None)
        return []
    w("`MemoryGetScalingBenchmark` (issue 14): every get hits. The memory tier, the same tier as the "
      "only tier of a `TieredCache` and Caffeine, side by side in one run, at each working set "
      "(entries of 1 KiB or 64 KiB; 100,000 of 64 KiB would be 6.4 GB of distinct content and is "
      "left out), in a cache exactly that size (`full`) or twice it (`half`; Caffeine records no "
      "reads while under half full). Each entry is its own array; 2^20 scrambled Zipfian key indexes "
      "made in the setup; 5 minute TTL; heap 3 GiB. Operations per microsecond. Ratio: over "
      "Caffeine. Composer overhead: the bare tier's throughput over the stack's, minus 1.\n")
    w("| entries | size | fill | threads | tiercache | Caffeine | ratio | TieredCache(memory) | ratio "
      "| composer overhead |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    pops = sorted({tuple(int(x) for x in r.params["population"].split("x")) for r in runs},
                  key=lambda p: (p[1], p[0]))
    chart, verdict_rows = [], []
    for n, size in pops:
        pop = f"{n}x{size}"
        for fill in ("full", "half"):
            for threads, method in ((1, "get"), (2, "getTwoThreads")):
                name = f"MemoryGetScalingBenchmark.{method}"
                ours = res.find(name, cache="tiercache", population=pop, fill=fill)
                caf = res.find(name, cache="caffeine", population=pop, fill=fill)
                tiered = res.find(name, cache="tiered", population=pop, fill=fill)
                if ours is None and caf is None and tiered is None:
                    continue
                r, e = ratio(ours, caf, True)
                rt, et = ratio(tiered, caf, True)
                ro, eo = ratio(ours, tiered, True)
                over = f"**{(ro - 1) * 100:+.0f}%**" if ro is not None else "n/a"
                w(f"| {n:,} | {size_name(size)} | {fill} | {threads} | {cell(ours)} | {cell(caf)} | "
                  f"{rcell(r, e)} | {cell(tiered)} | {rcell(rt, et)} | {over} |")
                if r is not None:
                    chart.append((f"{threads} thread{'s' if threads > 1 else ''} {size_name(size)} "
                                  f"{fill}", n, r))
                    verdict_rows.append((f"{n:,} x {size_name(size)} {fill}, {threads} thr", r, e))
    w("")
    if verdict_rows:
        worst = min(verdict_rows, key=lambda v: v[1])
        close = any(e is not None and not math.isnan(e) and abs(r - 1.0) <= e
                    for _, r, e in verdict_rows)
        targets.add("memory-get-scaling", "Memory get-hit >= Caffeine's at every working set, 1 and "
                    "2 threads (issue 14)",
                    f"{sum(1 for _, r, _ in verdict_rows if r >= 1.0)} of {len(verdict_rows)} points "
                    f"at or above 1.00x; lowest {worst[1]:.2f}x ({worst[0]})",
                    all(r >= 1.0 for _, r, _ in verdict_rows), close)
    return chart


SETTINGS = {
    "smoke": "JMH `-f 0 -wi 0 -i 1 -r 100ms`, one content size: figures that mean nothing",
    "short": "JMH `-f 1 -wi 1 -w 500ms -i 3 -r 500ms` (reopen: 1 + 3 single shots): one fork and three "
             "samples, so the errors are wide and a ratio within about 10% of a threshold is not a "
             "verdict; use `--profile long` for that",
    "long": "JMH `-f 3 -wi 3 -w 1s -i 5 -r 1s` (reopen: 5 + 10 single shots per fork)",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results-root", action="append", default=[],
                    help="a folder of runs, ROOT/PROFILE/PART/ (repeatable)")
    ap.add_argument("--results", action="append", default=[], help="one run's folder (repeatable)")
    ap.add_argument("--report", required=True)
    ap.add_argument("--chart-data", required=True)
    ap.add_argument("--chart-link", default="bench-results/disk-put-cost.png")
    ap.add_argument("--memory-chart-data", default=None)
    ap.add_argument("--memory-chart-link", default="bench-results/memory-get-ratio.png")
    args = ap.parse_args()
    if not args.results_root and not args.results:
        ap.error("give --results-root ROOT or --results RUN")
    runs = find_runs(args.results_root, args.results)
    chosen = choose(runs)
    res = Results(r for part, run in chosen.items() if run for r in run.of(part))
    heap = chosen["memory"].heap if chosen["memory"] else []
    flights = chosen["composer"].flights if chosen["composer"] else []
    seed = chosen["seed"].seed if chosen["seed"] else {}
    shards = chosen["redis"].shards if chosen["redis"] else {}
    scaling_cpu = chosen["disk"].scaling_cpu if chosen["disk"] else {}
    notes = read_notes(os.path.join(HERE, "target-notes.md"))
    targets = Targets()
    out = []

    def section(title, *parts):
        """Starts a section fed by these parts; returns the writer: a no-op when none has a run."""
        out.append(title + "\n")
        targets.part = parts[0]
        missing = [p for p in parts if chosen[p] is None]
        for p in parts:
            run = chosen[p]
            if run is None:
                out.append(f"*Part `{p}`: no results yet* (`cache-bench/run-benchmarks.sh --profile "
                           f"long --part {p}`).\n")
            else:
                out.append(f"*Part `{p}`: {run.provenance()}.*\n")
        if len(missing) == len(parts):
            return lambda line: None
        return out.append

    w = out.append
    w("# tiercache benchmarks\n")
    roots = ", ".join(f"`{os.path.relpath(r, os.path.dirname(HERE))}/`" for r in args.results_root)
    w("Generated by `cache-bench/report.py` (run by `cache-bench/run-benchmarks.sh`) from the newest "
      f"results of each part of the benchmarks under {roots or 'the runs given'}, a long run preferred to a short "
      "one; do not edit by hand (analysis of missed targets lives in `cache-bench/target-notes.md`). "
      "A part is a group of benchmarks measured together in one JMH run, and every ratio below "
      "compares figures of one part's run; each section names the run it comes from.\n")
    if any(run and run.profile == "smoke" for run in chosen.values()):
        w("> **Smoke profile in some parts: one tiny iteration per benchmark, in-process. Those figures "
          "mean nothing; the run only shows that every benchmark builds and runs.**\n")
    w("| part | benchmarks | profile | date (UTC) | source | load before | load after | took | command |")
    w("|---|---|---|---|---|---|---|---|---|")
    for part, (classes, files) in PARTS.items():
        what = ", ".join(f"`{c}`" for c in classes)
        extra = {"heap.jsonl": "heap per entry", "singleflight.jsonl": "single flight",
                 "seed.txt": "the seed's `bench_seed.py`", "shards.txt": "`ShardedLruHitRatio`",
                 "scaling-cpu.txt": "`InterleavedScalingCpuTime`"}
        what = "; ".join(x for x in (what, ", ".join(extra[f] for f in files)) if x)
        run = chosen[part]
        if run is None:
            w(f"| {part} | {what} | no results | | | | | | `cache-bench/run-benchmarks.sh --profile long "
              f"--part {part}` |")
            continue
        e = run.env
        w(f"| {part} | {what} | {run.profile} | {run.date or '?'} | {e.get('git', '?')} | "
          f"{load_average(e.get('uptime.before'))} | {load_average(e.get('uptime.after'))} | "
          f"{e.get('seconds', '?')} s | `{e.get('command', '?')}` |")
    w("")
    used = [run for run in dict.fromkeys(r for r in chosen.values() if r)]
    w("| | |\n|---|---|")
    for label, value in (
            ("profiles", "; ".join(f"{p}: {SETTINGS[p]}" for p in SETTINGS
                                   if any(r.profile == p for r in used))),
            ("JDK", sorted({f"{r.env.get('java', '?')}; {r.env.get('vm', '?')}" for r in used})),
            ("machine", sorted({f"nproc {r.env.get('nproc', '?')}, memory {r.env.get('memory', '?')}, "
                                f"{r.env.get('cpu', '?')}, {r.env.get('kernel', '?')}" for r in used})),
            ("scratch file system", sorted({r.env.get("filesystem", "?") for r in used})),
            ("seed", (chosen["seed"].env.get("python", "?") + ", `python3 ../shared/seed/bench_seed.py`"
                      if seed else "not run"))):
        if isinstance(value, list):
            value = "; ".join(value) or "?"
        w(f"| {label} | {value} |")
    w("")
    w("The machine is a shared 2-core VM: other builds may run during a run (see the load above), so "
      "absolute figures drift from run to run. **What counts is the ratio between figures of the same "
      "run.** A ratio is tiercache's speed over the peer's: above 1 we are faster, below 1 slower "
      "(for times, the peer's time over ours). `±` is JMH's error (half the 99.9% confidence "
      "interval); a ratio's error adds the two relative errors.\n")

    # ------------------------------------------------------------------ memory
    w = section("## Memory tier against Caffeine, Ehcache 3 and a synchronized LinkedHashMap", "memory")
    w("Throughput in operations per microsecond (higher is better). Every cache holds `byte[]` under "
      "the same bound, 2,048 values' bytes (2 MiB of 1 KiB values, 128 MiB of 64 KiB), with a 5 minute "
      "expire-after-write (the map has none). Caffeine 3.2.3: `maximumWeight` + a weigher on "
      "`byte[].length` + `expireAfterWrite`. Ehcache 3.10.8: on heap, bounded by entry count "
      "(`heap(2048)`): every value has the same size, so that is the same byte bound, while its byte-"
      "sized heap would walk each value with its SizeOf engine on every put and count object headers. "
      "Keys: a scrambled Zipfian sequence (as Caffeine's `GetPutBenchmark`). **Every cache is full "
      "before measuring** (Caffeine does not record reads while under half full, which would compare "
      "a cache that keeps LRU order with one that skips it). `get`: only hits (the 2,048 keys read are "
      "held). `put`: keys from 4,096, so a put of a key not held evicts; the same array every time. "
      "`putFreshArray`: the same with a new array per put (`content.clone()` in the benchmark, the "
      "same work for every cache), as content read from a file or socket arrives, handed over with "
      "`putOwned` (the memory tier keeps it instead of copying it; the peers' put), so every cache "
      "keeps a fresh array and the collector pays for keeping it. `mix`: 3 gets to 1 put over "
      "those 4,096 keys. `mixFreshArray`: the same, each put handing over a new array as "
      "`putFreshArray` does. The peers keep the caller's array; the memory tier copies it on `put` "
      "(its contract), keeps it on `putOwned`, and hands out a read-only view on get. Heap 2 GiB, "
      "G1.\n")
    w("| operation | threads | size | tiercache | Caffeine | ratio | Ehcache 3 | ratio | LinkedHashMap | ratio |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    mem_classes = {1: "MemoryOneThreadBenchmark", 2: "MemoryTwoThreadsBenchmark"}
    mem_sizes = sorted({int(r.params["size"]) for r in res.all
                        if r.name.startswith(("MemoryOneThread", "MemoryTwoThreads"))})
    for op in ("get", "put", "putFreshArray", "mix", "mixFreshArray"):
        for threads in (1, 2):
            for size in mem_sizes:
                name = f"{mem_classes[threads]}.{op}"
                ours = res.find(name, cache="tiercache", size=size)
                line = f"| {op} | {threads} | {size_name(size)} | {cell(ours)} |"
                for peer in ("caffeine", "ehcache", "lhm"):
                    p = res.find(name, cache=peer, size=size)
                    r, e = ratio(ours, p, True)
                    line += f" {cell(p)} | {rcell(r, e)} |"
                w(line)
    w("")

    get_ratios, put_ratios, fresh_ratios, mix_fresh_ratios, mix_ratios = [], [], [], [], []
    for size in mem_sizes:
        for threads in (1, 2):
            ours = res.find(f"{mem_classes[threads]}.get", cache="tiercache", size=size)
            caf = res.find(f"{mem_classes[threads]}.get", cache="caffeine", size=size)
            get_ratios.append((size, threads, ratio(ours, caf, True)))
            if size == 65536:
                for op, into in (("mixFreshArray", mix_fresh_ratios), ("mix", mix_ratios)):
                    ours = res.find(f"{mem_classes[threads]}.{op}", cache="tiercache", size=size)
                    caf = res.find(f"{mem_classes[threads]}.{op}", cache="caffeine", size=size)
                    into.append((size, threads, ratio(ours, caf, True)))
        for threads in (1, 2):
            ours = res.find(f"{mem_classes[threads]}.put", cache="tiercache", size=size)
            caf = res.find(f"{mem_classes[threads]}.put", cache="caffeine", size=size)
            put_ratios.append((size, threads, ratio(ours, caf, True)))
            ours = res.find(f"{mem_classes[threads]}.putFreshArray", cache="tiercache", size=size)
            caf = res.find(f"{mem_classes[threads]}.putFreshArray", cache="caffeine", size=size)
            fresh_ratios.append((size, threads, ratio(ours, caf, True)))

    def judge(tid, text, entries, threshold, context=""):
        shown, verdicts, close = [], [], False
        for size, threads, (r, e) in entries:
            if r is None:
                continue
            shown.append(f"{size_name(size)}, {threads} thr: {r:.2f}x")
            verdicts.append(r >= threshold)
            if e is not None and not math.isnan(e) and abs(r - threshold) <= e:
                close = True
        met = None if not verdicts else all(verdicts)
        targets.add(tid, text, ("; ".join(shown) or "not run") + context, met, close)

    judge("memory-get", "Memory get-hit throughput at 1 and 2 threads >= Caffeine's (issue 14; "
          "goal 1.5x), 2,048 entries, full", get_ratios, 1.0)
    fresh = "; ".join(f"{size_name(sz)}, {th} thr: {r:.2f}x" for sz, th, (r, e) in fresh_ratios
                      if r is not None)
    judge("memory-put", "Memory put >= 0.8x Caffeine's (judged on `put`)", put_ratios, 0.8,
          f" (with a new array per put, `putFreshArray`: {fresh})" if fresh else "")
    judge("memory-put-fresh", "Memory put of a fresh array handed over (`putOwned`) >= Caffeine's "
          "put of it (`putFreshArray`, issue 14)", fresh_ratios, 1.0)
    plain_mix = "; ".join(f"{th} thr: {r:.2f}x" for sz, th, (r, e) in mix_ratios if r is not None)
    judge("memory-mix", "Memory 3:1 get/put mix at 64 KiB >= 0.8x Caffeine's, puts handing over a "
          "fresh array (`mixFreshArray`, issue 14)", mix_fresh_ratios, 0.8,
          f" (plain `mix`, the tier copying the one array put over and over: {plain_mix})"
          if plain_mix else "")

    w = section("### Memory get-hit by working set, with the composer's overhead", "memory-get")
    memory_chart = memory_scaling_section(res, w, targets)
    w(f"![Memory tier get-hit against Caffeine by working set]({args.memory_chart_link})\n")
    w(f"`{args.memory_chart_link}`: the memory tier's get-hit throughput over Caffeine's (1.0: "
      "as fast) against the entries held (logarithmic), one line per thread count, content size and "
      "fill, from the table above.\n")

    # ------------------------------------------------------------------ disk get
    w = section("## Disk tier against the raw file system and Ehcache 3's disk tier", "disk")
    w("Microseconds per operation (lower is better); ratios are speed ratios (above 1: tiercache is "
      "faster). One thread.\n")
    if packed_by_default(res):
        w("The tier runs on its defaults, so content below 64 KiB (`pack.below`) is **packed** into "
          "segment files: the tiercache columns at 4 KiB are packed records, those at 256 KiB and "
          "4 MiB files of their own. The packed table below sets them against `pack.below=0`.\n")
    w("**get**: up to 1,000 entries (at most 256 MiB; 64 entries of 4 MiB) read in a uniform random "
      "order, every one a hit, files in the page cache (the machine has far more memory): this "
      "measures the software, not the device. `raw` is `Files.readAllBytes` of the file at "
      "`dir/ab/<hex>`, the same layout as the tier. Ehcache 3.10.8's disk tier alone, **persistent** "
      "(`disk(bound, B, true)` under a persistence folder), String keys, its `byte[]` serializer. "
      "`verify`: `never` checks only the length, `checksum` (the default) a CRC32C taken at put, "
      "`always` the SHA-256 of the key.\n")
    w("| size | tiercache verify=never | verify=checksum (default) | verify=always | raw read | "
      "ratio never/raw | ratio checksum/raw | Ehcache 3 disk | ratio checksum/Ehcache |")
    w("|---|---|---|---|---|---|---|---|---|")
    disk_sizes = sorted({int(r.params["size"]) for r in res.all if r.name == "DiskGetBenchmark.get"})
    get_raw, get_ehc = [], []
    for size in disk_sizes:
        f = lambda store: res.find("DiskGetBenchmark.get", store=store, size=size)
        never, chk, always, raw, ehc = (f("tiercache-verify-never"), f("tiercache-verify-checksum"),
                                        f("tiercache-verify-always"), f("raw"), f("ehcache-persistent"))
        rn, en = ratio(never, raw, False)
        rc, ec = ratio(chk, raw, False)
        re_, ee = ratio(chk, ehc, False)
        get_raw.append((size, "checksum", (rc, ec)))
        get_raw.append((size, "never", (rn, en)))
        get_ehc.append((size, (re_, ee)))
        w(f"| {size_name(size)} | {cell(never)} | {cell(chk)} | {cell(always)} | {cell(raw)} | "
          f"{rcell(rn, en)} | {rcell(rc, ec)} | {cell(ehc)} | {rcell(re_, ee)} |")
    w("")

    # ------------------------------------------------------------------ disk put
    w("**put** into a full store: 64 MiB of entries (4,096 of 4 KiB, 256 of 256 KiB, 16 of 4 MiB). The "
      "tier and Ehcache are bounded to that and put keys cycling over twice as many, so every put "
      "evicts one entry (a file delete and, for the tier, a journal record); `raw` writes a temporary "
      "file with a `FileChannel` and moves it into place with `ATOMIC_MOVE`, cycling over as many "
      "names as the store holds, so every move replaces a file. `raw+fsync` forces the file before "
      "the move and the folder after it; the tier's `fsync=always` forces content, folder and journal; "
      "`periodic` (the default) forces the journal once a second in the background; Ehcache's disk "
      "tier has no fsync setting (it never forces).\n")
    w("| size | tiercache fsync=never | raw | ratio | fsync=always | raw+fsync | ratio | "
      "fsync=periodic (default) | ratio periodic/raw | Ehcache 3 disk | ratio periodic/Ehcache |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    put_sizes = sorted({int(r.params["size"]) for r in res.all if r.name == "DiskPutBenchmark.put"})
    put_raw, put_ehc = [], []
    for size in put_sizes:
        f = lambda store: res.find("DiskPutBenchmark.put", store=store, size=size)
        never, always, periodic = f("tiercache-fsync-never"), f("tiercache-fsync-always"), f("tiercache-fsync-periodic")
        raw, rawf, ehc = f("raw"), f("raw-fsync"), f("ehcache-persistent")
        r1, e1 = ratio(never, raw, False)
        r2, e2 = ratio(always, rawf, False)
        r3, e3 = ratio(periodic, raw, False)
        r4, e4 = ratio(periodic, ehc, False)
        put_raw.append((size, "no fsync", (r1, e1)))
        put_raw.append((size, "fsync", (r2, e2)))
        put_ehc.append((size, (r4, e4)))
        w(f"| {size_name(size)} | {cell(never)} | {cell(raw)} | {rcell(r1, e1)} | {cell(always)} | "
          f"{cell(rawf)} | {rcell(r2, e2)} | {cell(periodic)} | {rcell(r3, e3)} | {cell(ehc)} | "
          f"{rcell(r4, e4)} |")
    w("")

    def judge_disk(tid, text, entries, threshold):
        shown, verdicts, close = [], [], False
        for size, label, (r, e) in entries:
            if r is None:
                continue
            shown.append(f"{size_name(size)} {label}: {r:.2f}x")
            verdicts.append(r >= threshold)
            if e is not None and not math.isnan(e) and abs(r - threshold) <= e:
                close = True
        met = None if not verdicts else all(verdicts)
        targets.add(tid, text, "; ".join(shown) or "not run", met, close)

    judge_disk("disk-get", "Disk get >= 0.9x the raw read of the same file (default verify=checksum; "
               "verify=never shown too)", get_raw, 0.9)
    judge_disk("disk-put", "Disk put >= 0.8x the raw write-and-move with the same fsync choice",
               put_raw, 0.8)
    judge_disk("disk-ehcache", "Disk tier >= 2x Ehcache 3's disk tier (get with verify=checksum, "
               "put with fsync=periodic: the defaults)",
               [(s, "get", x) for s, x in get_ehc] + [(s, "put", x) for s, x in put_ehc], 2.0)
    packed_section(res, w, targets)

    # ------------------------------------------------------------------ scaling
    w = section("## Scaling: disk cost against entries held", "disk")
    w("The disk tier on its default settings but `fsync=never` (the seed never forces either; a flush "
      "would measure the device): 4 KiB entries packed into segments, 256 KiB ones in files of their "
      "own. Full, every put of a key not held (one eviction); a get reads a held key chosen "
      "uniformly. Microseconds per operation. Ratio: the cost at this count over the cost at the "
      "smallest count of the same size (1.00 = flat). Journal compaction (a rewrite every "
      "`10,000 + 2 x entries` records) is amortised into the puts only as far as a run's puts reach it.\n")
    w("| entries | size | put | put vs smallest | get | get vs smallest |")
    w("|---|---|---|---|---|---|")
    pops = []
    for r in res.all:
        if r.name == "DiskScalingBenchmark.put":
            n, s = (int(x) for x in r.params["population"].split("x"))
            pops.append((s, n))
    pops.sort()
    chart_rows = []
    base = {}
    scaling_put = {}
    for s, n in pops:
        pop = f"{n}x{s}"
        put = res.find("DiskScalingBenchmark.put", population=pop)
        get = res.find("DiskScalingBenchmark.get", population=pop)
        if s not in base:
            base[s] = (put, get)
        bp, bg = base[s]
        rp = put.score / bp.score if put and bp else None
        rg = get.score / bg.score if get and bg else None
        scaling_put[(s, n)] = (put, rp)
        w(f"| {n:,} | {size_name(s)} | {cell(put)} | {fmt(rp) if rp else 'n/a'}x | {cell(get)} | "
          f"{fmt(rg) if rg else 'n/a'}x |")
        if put:
            chart_rows.append((f"tiercache disk put ({size_name(s)})", n, put.score))
    w("")
    # Issue 5's step (100,000) and issue 16's target (1,000,000 small entries, packed by default).
    for n, tid, issue in ((100000, "disk-scaling", ""), (1000000, "disk-scaling-1m", " (issue 16)")):
        text = f"Disk put cost at {n:,} entries <= 1.2x its cost at 1,000{issue}"
        p1k, pn = scaling_put.get((4096, 1000)), scaling_put.get((4096, n))
        if p1k and pn and p1k[0] and pn[0]:
            growth = pn[0].score / p1k[0].score
            err = growth * ((pn[0].error / pn[0].score if not math.isnan(pn[0].error) else 0)
                            + (p1k[0].error / p1k[0].score if not math.isnan(p1k[0].error) else 0))
            targets.add(tid, text,
                        f"{growth:.2f}x ({fmt(pn[0].score)} us against {fmt(p1k[0].score)} us, 4 KiB)",
                        growth <= 1.2, abs(growth - 1.2) <= err)
        else:
            targets.add(tid, text, "not run in this profile", None)

    # The same target read per CPU time, tiers side by side in one JVM: load cancels out.
    text = "Disk put cost at 1,000,000 entries <= 1.2x its cost at 1,000, per CPU time (issue 16)"
    if scaling_cpu:
        w("**Per CPU time** (`InterleavedScalingCpuTime`: full tiers of 4 KiB entries side by side in "
          "one JVM, put into in turn in 200 ms chunks, so that load from other processes falls on "
          "each alike; the median over rounds of each round's cost over its cost at 1,000 entries, "
          "with quartiles; the process's CPU time counts the collector's threads too):\n")
        w("| entries | thread CPU (us/put) | vs 1,000 | process CPU (us/put) | vs 1,000 | wall (us/put) | vs 1,000 |")
        w("|---|---|---|---|---|---|---|")
        for n in sorted(scaling_cpu):
            cells = []
            for kind in ("thread CPU", "process CPU", "wall"):
                cost, r, lo, hi = scaling_cpu[n].get(kind, (math.nan,) * 4)
                cells += [fmt(cost), f"{r:.2f}x ({lo:.2f} to {hi:.2f})"]
            w(f"| {n:,} | " + " | ".join(cells) + " |")
        w("")
    if 1000 in scaling_cpu and 1000000 in scaling_cpu:
        _, thread, lo, hi = scaling_cpu[1000000]["thread CPU"]
        _, process, plo, phi = scaling_cpu[1000000]["process CPU"]
        targets.add("disk-scaling-1m-cpu", text,
                    f"{thread:.2f}x thread CPU (quartiles {lo:.2f} to {hi:.2f}), {process:.2f}x "
                    f"process CPU (quartiles {plo:.2f} to {phi:.2f})",
                    max(thread, process) <= 1.2, min(lo, plo) <= 1.2 <= max(hi, phi))
    else:
        targets.add("disk-scaling-1m-cpu", text, "not run in this profile", None)

    w("**Reopen** of a folder after a clean close (the journal is read, content never), 4 KiB entries, "
      "single shots, milliseconds; packed into segments as the default settings store them, and in "
      "files of their own (`pack.below=0`, not measured at 1,000,000: a million files take many "
      "minutes to write per fork):\n")
    w("| entries | packed (default) | a file per entry |")
    w("|---|---|---|")
    reopens = [r for r in res.all if r.name == "DiskReopenBenchmark.reopen"]

    def reopen(n, pack_below):
        # runs before packBelow was a parameter measured files of their own
        return next((r for r in reopens if int(r.params["entries"]) == n
                     and r.params.get("packBelow", "0") == pack_below), None)

    for n in sorted({int(r.params["entries"]) for r in reopens}):
        w(f"| {n:,} | {cell(reopen(n, '64KB'))} | {cell(reopen(n, '0'))} |")
    w("")
    for n, tid, text in ((100000, "disk-reopen", "Reopen of 100,000 entries < 1 s (default settings: "
                          "packed)"),
                         (1000000, "disk-reopen-1m", "Reopen of 1,000,000 small entries measured "
                          "(issue 16; packed)")):
        r = reopen(n, "64KB")
        if r is None:
            targets.add(tid, text, "not run in this profile", None)
        elif n == 100000:
            targets.add(tid, text, f"{fmt(r.score)} ms", r.score < 1000)
        else:
            targets.add(tid, text, f"{fmt(r.score)} ms (no bound: measured and reported)", True)

    # ------------------------------------------------------------------ seed
    w = section("## The seed (`bench_seed.py`, Python)", "seed", "memory", "disk")
    if seed:
        w("The seed's own figures (medians of 3 runs of its script), beside ours from the memory and "
          "disk parts' runs. "
          "The seed's disk set walks the whole folder twice per call; ours is built to cost the same at any count (see the scaling table for whether it does).\n")
        w("| figure | seed | tiercache | ratio |")
        w("|---|---|---|---|")
        for size in (1024, 65536):
            for op, bench, key in (("get", "get", "memory.get"), ("set/put", "put", "memory.set")):
                s = seed.get(f"{key}.{size}B")
                ours = res.find(f"MemoryOneThreadBenchmark.{bench}", cache="tiercache", size=size)
                o = ours.score * 1e6 if ours else None
                r = f"**{xfmt(o / s)}**" if o and s else "n/a"
                w(f"| memory {op} {size_name(size)}, 1 thread (ops/s) | {fmt(s)} | {fmt(o)} | {r} |")
        for n in (100, 1000, 5000):
            s = seed.get(f"disk.set.256KiB.full.{n}files")
            put = scaling_put.get((262144, n))
            o = 1e6 / put[0].score if put and put[0] else None
            r = f"**{xfmt(o / s)}**" if o and s else "n/a"
            w(f"| disk set 256 KiB, full, {n:,} files (ops/s) | {fmt(s)} | {fmt(o)} | {r} |")
            if s:
                chart_rows.append(("seed (Python) disk set (256 KiB)", n, 1e6 / s))
        for n in (100, 1000, 5000):
            s = seed.get(f"disk.get.256KiB.{n}files")
            get = res.find("DiskScalingBenchmark.get", population=f"{n}x262144")
            o = 1e6 / get.score if get else None
            r = f"**{xfmt(o / s)}**" if o and s else "n/a"
            w(f"| disk get 256 KiB, {n:,} files (ops/s) | {fmt(s)} | {fmt(o)} | {r} |")
        w("")
        w("The seed's memory figures are its `MemoryCache` with 10,000 keys read in order, ours the "
          "Zipfian get/put above (a full cache); its disk set is with `max_mb` = the files it holds, "
          "as ours. Different languages: the ratio says what moving to tiercache buys, not whose code "
          "is cleverer.\n")
    else:
        w("The seed's figures are not in any run.\n")
    w(f"![Disk put cost against entries held]({args.chart_link})\n")
    w(f"`{args.chart_link}`: microseconds per put against entries held, both axes "
      "logarithmic: a flat line is a cost that does not grow with the entries held.\n")

    # ------------------------------------------------------------------ heap
    w = section("## Heap bytes per entry", "memory")
    w("Measured with JOL 0.17 (`GraphLayout.parseInstance(cache).totalSize()`, exact sizes in this "
      "JVM: compressed references, 8-byte alignment): the retained graph reachable from the cache "
      "object at N/5 and at N entries; per entry is the difference over the entries added, so every "
      "fixed cost cancels. The content array (each cache is handed its own 100-byte array per entry) "
      "and the key object (a `ContentKey`, the same instances for every cache) are subtracted; both "
      "are listed. The disk tier keeps neither in the heap: its figure is its whole index. Cross-"
      "check: the used heap after `System.gc()` at the same two points, content subtracted (keys were "
      "made before both readings). `java -cp benchmarks.jar org.tiercache.bench.HeapPerEntry N`.\n")
    w("| what | entries (N) | bytes per entry, JOL | heap difference | ratio to Caffeine (JOL) | content array | key |")
    w("|---|---|---|---|---|---|---|")
    caf = next((h for h in heap if h["what"] == "memory" and h["cache"] == "caffeine"), None)
    names = {"tiercache": "tiercache memory tier", "caffeine": "Caffeine", "ehcache": "Ehcache 3 on heap",
             "lhm": "LinkedHashMap"}
    disk_labels = {"disk-index": "tiercache disk index, a file per entry",
                   "disk-index-packed": "tiercache disk index, packed (default)"}
    for h in heap:
        label = disk_labels.get(h["what"], names.get(h["cache"], h["cache"]))
        rr = (f"{h['jolBytesPerEntry'] / caf['jolBytesPerEntry']:.2f}x"
              if caf and h["what"] == "memory" else "")
        w(f"| {label} | {h['entries']:,} | {h['jolBytesPerEntry']:.0f} | {h['heapDiffBytesPerEntry']:.0f} | "
          f"{rr} | {h['contentArrayBytes'] or '-'} | {h['keyBytes'] if h['keyRetained'] else 'not kept'} |")
    w("")
    ours_mem = next((h for h in heap if h["what"] == "memory" and h["cache"] == "tiercache"), None)
    if ours_mem and caf:
        targets.add("memory-heap", "Memory tier heap overhead per entry <= Caffeine's",
                    f"{ours_mem['jolBytesPerEntry']:.0f} B against {caf['jolBytesPerEntry']:.0f} B",
                    ours_mem["jolBytesPerEntry"] <= caf["jolBytesPerEntry"])
    # The default layout's index (a packed entry keeps its location too); older runs had only files.
    disk_index = (max((h for h in heap if h["what"] == "disk-index-packed"),
                      key=lambda h: h["entries"], default=None)
                  or next((h for h in heap if h["what"] == "disk-index"), None))
    if disk_index:
        layout = "packed" if disk_index["what"] == "disk-index-packed" else "a file per entry"
        targets.add("disk-index-heap", "Disk index <= 120 bytes per entry",
                    f"{disk_index['jolBytesPerEntry']:.0f} B (heap difference "
                    f"{disk_index['heapDiffBytesPerEntry']:.0f} B; {layout}, "
                    f"{disk_index['entries']:,} entries)",
                    disk_index["jolBytesPerEntry"] <= 120)

    # ------------------------------------------------------------------ composer
    w = section("## Composer: a memory hit through TieredCache", "composer")
    w("The same full memory tier (2,048 entries of 1 KiB, 5 minute TTL, Zipfian keys as above): bare, "
      "as the only tier of a `TieredCache`, and above a disk tier (rules `< 100KB` / `>= 100KB`; the "
      "hit is in memory). Operations per microsecond; overhead = bare throughput over the stack's - 1 "
      "(the extra time per hit).\n")
    w("| threads | bare memory tier | TieredCache(memory) | overhead | TieredCache(memory, disk) | overhead |")
    w("|---|---|---|---|---|---|")
    comp = []
    for name, threads in (("ComposerBenchmark.hit", 1), ("ComposerBenchmark.hitTwoThreads", 2)):
        bare = res.find(name, stack="memory")
        line = f"| {threads} | {cell(bare)} |"
        for stack in ("tiered-memory", "tiered-memory-disk"):
            t = res.find(name, stack=stack)
            r, e = ratio(bare, t, True)
            if r is not None:
                comp.append((threads, stack, r - 1, e))
                line += f" {cell(t)} | **{(r - 1) * 100:+.0f}%** |"
            else:
                line += f" {cell(t)} | n/a |"
        w(line)
    w("")
    if comp:
        shown = "; ".join(f"{st.replace('tiered-', '')}, {th} thr: {o * 100:+.0f}%" for th, st, o, e in comp)
        close = any(e is not None and not math.isnan(e) and abs(o - 0.10) <= e for th, st, o, e in comp)
        targets.add("composer", "Composer hit overhead <= 10% over the bare memory tier", shown,
                    all(o <= 0.10 for th, st, o, e in comp), close)
    else:
        targets.add("composer", "Composer hit overhead <= 10% over the bare memory tier", "not run", None)

    # ------------------------------------------------------------------ metrics (issue 17)
    w = section("## Metrics on a memory hit", "composer")
    for line in metrics_section(res):
        w(line)

    # ------------------------------------------------------------------ single flight
    w = section("## Single flight: loads performed", "composer")
    w("N threads released together by a barrier miss on one key whose loader takes 100 ms (a slow "
      "backend); 5 rounds, a new key each. A count, not a time. `TieredCache.get(key, loader)` against "
      "Caffeine's `get(key, mappingFunction)` and against the get, load, put a caller writes without "
      "either. `java -cp benchmarks.jar org.tiercache.bench.SingleFlightCount`.\n")
    w("| threads | tiercache loads per round | Caffeine | get-then-put | callers served (tiercache) |")
    w("|---|---|---|---|---|")
    by = {(f["cache"], f["threads"]): f for f in flights}
    for threads in sorted({f["threads"] for f in flights}):
        t, c, g = by.get(("tiercache", threads)), by.get(("caffeine", threads)), by.get(("get-then-put", threads))
        w(f"| {threads} | {t['loadsPerRound']:.2f} | {c['loadsPerRound']:.2f} | {g['loadsPerRound']:.2f} | "
          f"{t['served']} of {t['callers']} |")
    w("")
    if flights:
        ok = all(f["loadsPerRound"] == 1.0 and f["served"] == f["callers"] for f in flights
                 if f["cache"] == "tiercache")
        targets.add("single-flight", "Single flight: one load per key for N concurrent misses (issue: "
                    "report the loads)", "1.00 load per round at every N" if ok else "more than one load",
                    ok)

    # ------------------------------------------------------------------ handout
    ho = [r for r in res.all if r.name.startswith("ContentHandoutBenchmark")]
    w = section("## Content handout (why `get` returns a read-only view)", "memory")
    if not ho:
        w("`ContentHandoutBenchmark` was not run.\n")
    else:
        w("| size | copy of the array (ops/us) | read-only view (ops/us) | ratio |")
        w("|---|---|---|---|")
        for size in sorted({int(r.params["size"]) for r in ho}):
            c = res.find("ContentHandoutBenchmark.copyOfArray", size=size)
            v = res.find("ContentHandoutBenchmark.readOnlyView", size=size)
            r, e = ratio(v, c, True)
            w(f"| {size_name(size)} | {cell(c)} | {cell(v)} | {rcell(r, e)} |")
        w("")

    # ------------------------------------------------------------------ redis (issues 6, 14)
    redis = [r for r in res.all if r.name.startswith("RedisTierBenchmark")]
    w = section("## Redis tier against plain Jedis GET/SET (`RedisTierBenchmark`)", "redis")
    if not redis:
        w("`RedisTierBenchmark` was not run.\n")
        for op, plain_name, limits in REDIS_LIMITS:
            targets.add(f"redis-{op}", redis_target(op, plain_name, limits), "not run", None)
    else:
        w("Microseconds per operation, one thread, loopback `redis-server` started by the benchmark "
          "(the one on `PATH`, else the redis-server 6.2 the embedded-redis jar ships). Ratio: the "
          "tier's time over the plain client's (the price of the tier's Lua bookkeeping; issue 14's "
          "targets are read on it: lower is better).\n")
        w("| size | tier get | plain GET | tier/plain | tier put | plain SET | tier/plain |")
        w("|---|---|---|---|---|---|---|")
        redis_ratios = {}
        for size in sorted({int(r.params["size"]) for r in redis}):
            f = lambda m: res.find(f"RedisTierBenchmark.{m}", size=size)
            tg, pg, tp, ps = f("tierGet"), f("plainGet"), f("tierPut"), f("plainSet")
            r1, e1 = ratio(tg, pg, True)
            r2, e2 = ratio(tp, ps, True)
            redis_ratios[("get", size)] = (r1, e1)
            redis_ratios[("put", size)] = (r2, e2)
            w(f"| {size_name(size)} | {cell(tg)} | {cell(pg)} | {rcell(r1, e1)} | {cell(tp)} | "
              f"{cell(ps)} | {rcell(r2, e2)} |")
        w("")
        batch = [r for r in redis if "100" in r.name]
        if batch:
            w("Batches of 100 keys, one pipeline each (issue 14): `getAll`/`putAll` against 100 plain "
              "GETs/SETs in one pipeline, microseconds per batch.\n")
            w("| size | tier getAll | 100 GETs pipelined | tier/plain | tier putAll | "
              "100 SETs pipelined | tier/plain |")
            w("|---|---|---|---|---|---|---|")
            for size in sorted({int(r.params["size"]) for r in batch}):
                f = lambda m: res.find(f"RedisTierBenchmark.{m}", size=size)
                tg, pg = f("tierGetAll100"), f("plainGet100Pipelined")
                tp, ps = f("tierPutAll100"), f("plainSet100Pipelined")
                r1, e1 = ratio(tg, pg, True)
                r2, e2 = ratio(tp, ps, True)
                w(f"| {size_name(size)} | {cell(tg)} | {cell(pg)} | {rcell(r1, e1)} | {cell(tp)} | "
                  f"{cell(ps)} | {rcell(r2, e2)} |")
            w("")
        for op, plain_name, limits in REDIS_LIMITS:
            text = redis_target(op, plain_name, limits)
            shown, met, close = [], True, False
            for size, limit in limits.items():
                r, e = redis_ratios.get((op, size), (None, None))
                if r is None:
                    met = None
                    continue
                shown.append(f"{size_name(size)}: {r:.2f}x")
                met = met and r <= limit if met is not None else None
                close = close or (e is not None and not math.isnan(e) and abs(r - limit) <= e)
            targets.add(f"redis-{op}", text, "; ".join(shown) or "not run", met, close)

    redis_cluster_section(res, w)
    shards_section(shards, w)

    # ------------------------------------------------------------------ targets
    w = out.append
    w("## Targets\n")
    w("Each target of issues 5, 14 and 16, judged from the figures of one part's run alone (no benchmark "
      "was tuned to meet one); the run column names the part and its profile (see the table at the "
      "top). \"Threshold within the error\" means the error band of the ratio reaches across the "
      "threshold: this run cannot tell.\n")
    provisional = sorted({part for *_, part in targets.rows
                          if chosen.get(part) and chosen[part].profile != "long"})
    if provisional:
        w("**Parts " + ", ".join(f"`{p}` ({chosen[p].profile})" for p in provisional) + " come from "
          "runs shorter than `--profile long` (one fork, three samples, on a shared machine): their "
          "verdicts are provisional; `--profile long` on a quiet machine decides.**\n")
    w("| target | figures | status | run |")
    w("|---|---|---|---|")
    for tid, text, figure, status, met, part in targets.rows:
        run = chosen.get(part)
        w(f"| {text} | {figure} | {status} | {part}, {run.profile + ' ' + run.date if run else 'no run'} |")
    w("")
    missed = [(tid, text) for tid, text, figure, status, met, part in targets.rows if met is False]
    if missed:
        w("### Missed targets: cause and what it would take\n")
        w("From JFR profiles (`-prof jfr`) and reading the code; written by hand in "
          "`cache-bench/target-notes.md` and shown here for each target this run missed.\n")
        for tid, text in missed:
            w(f"#### {text}\n")
            w(notes.get(tid, "_No analysis written yet for this target._") + "\n")

    with open(args.report, "w") as f:
        f.write("\n".join(out).rstrip() + "\n")
    if args.memory_chart_data:
        with open(args.memory_chart_data, "w") as f:
            f.write("series,entries,ratio\n")
            for series, n, r in memory_chart:
                f.write(f"{series},{n},{r:.4f}\n")
    with open(args.chart_data, "w") as f:
        f.write("series,entries,micros\n")
        for series, n, micros in chart_rows:
            f.write(f"{series},{n},{micros:.3f}\n")
    print(f"wrote {args.report} and {args.chart_data}")


if __name__ == "__main__":
    main()
