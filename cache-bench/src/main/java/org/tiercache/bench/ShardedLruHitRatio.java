package org.tiercache.bench;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tiercache.api.ContentKey;

/**
 * How far the redis tier's sharded order is from one global LRU: the hit ratio of an exact LRU
 * of {@code C} entries against {@code N} exact LRUs of {@code C / N} entries each, an entry placed
 * by the tier's own rule (the first 32 bits of its SHA-256 digest, modulo N), on one scrambled
 * Zipfian trace (constant 0.99, YCSB's) of equal-sized entries: {@code java -cp benchmarks.jar
 * org.tiercache.bench.ShardedLruHitRatio [items] [accesses]}. The first half of the trace warms
 * the caches; the hit ratio is the second half's. Prints one line per capacity and shard count.
 */
public final class ShardedLruHitRatio {
  private ShardedLruHitRatio() {}

  public static void main(String[] args) {
    long items = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int accesses = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
    int[] trace = ScrambledZipfian.sequence(items, accesses, 42);
    Map<Integer, Long> digestBits = new HashMap<>();
    long[] bits = new long[trace.length];
    for (int i = 0; i < trace.length; i++) {
      bits[i] = digestBits.computeIfAbsent(trace[i], item -> Long.parseLong(
          ContentKey.sha256(Integer.toString(item).getBytes(StandardCharsets.UTF_8)).hex()
              .substring(0, 8), 16));
    }
    System.out.printf(Locale.ROOT, "items %d, accesses %d (%d distinct), Zipfian 0.99%n", items,
        accesses, digestBits.size());
    for (double share : new double[] {0.001, 0.01, 0.1}) {
      int capacity = (int) (items * share);
      double global = hitRatio(trace, bits, capacity, 1);
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "capacity %,d entries (%.1f%% of items): global LRU %.4f", capacity, share * 100,
          global));
      for (int shards : new int[] {3, 12, 24, 96}) {
        double sharded = hitRatio(trace, bits, capacity, shards);
        line.append(String.format(Locale.ROOT, "; %d shards %.4f (%+.4f)", shards, sharded,
            sharded - global));
      }
      System.out.println(line);
    }
  }

  private static double hitRatio(int[] trace, long[] bits, int capacity, int shards) {
    @SuppressWarnings("unchecked")
    LinkedHashMap<Integer, Boolean>[] lrus = new LinkedHashMap[shards];
    for (int s = 0; s < shards; s++) {
      int bound = capacity / shards + (s < capacity % shards ? 1 : 0);
      lrus[s] = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
          return size() > bound;
        }
      };
    }
    long hits = 0;
    long counted = 0;
    for (int i = 0; i < trace.length; i++) {
      LinkedHashMap<Integer, Boolean> lru = lrus[(int) (bits[i] % shards)];
      boolean hit = lru.get(trace[i]) != null;
      if (!hit) {
        lru.put(trace[i], Boolean.TRUE);
      }
      if (i >= trace.length / 2) {
        counted++;
        hits += hit ? 1 : 0;
      }
    }
    return (double) hits / counted;
  }
}
