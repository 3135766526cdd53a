package org.tiercache.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/**
 * Issue 16's "put cost flat from 1,000 to 1,000,000 small entries", measured so that load from
 * other processes cancels out: disk tiers holding each count of 4 KiB entries (packed, the default
 * settings but {@code fsync=never}, as {@code DiskScalingBenchmark}), open side by side in one JVM,
 * each put into in turn for 200 ms chunks on one thread, every put of a key not held (one eviction).
 * A chunk's cost is counted in the putting thread's CPU time (user and system: the kernel's copy
 * into the page cache included, time descheduled by other load not) and in the whole process's
 * CPU time (adding the collector's and the compiler's threads: a larger index may cost collections
 * more than puts); the wall time is printed beside. What is reported per count is the median over
 * rounds of the round's cost there over its cost at the first count (1.00: flat), with quartiles.
 *
 * <p>{@code java -Xmx3g -cp benchmarks.jar org.tiercache.bench.InterleavedScalingCpuTime
 * 1000,1000000 21}: the counts (the first is the base) and the rounds, after three of warm-up.
 * A million entries write 4 GB into the temporary folder.
 */
public final class InterleavedScalingCpuTime {
  private static final int SIZE = 4096;
  private static final long CHUNK_NANOS = 200_000_000L;

  private InterleavedScalingCpuTime() {}

  public static void main(String[] args) throws Exception {
    int[] counts = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
    int rounds = Integer.parseInt(args[1]);
    Filled[] tiers = new Filled[counts.length];
    try {
      for (int c = 0; c < counts.length; c++) {
        long started = System.nanoTime();
        tiers[c] = new Filled(counts[c], c);
        System.out.printf(Locale.ROOT, "filled %,d entries of %d B in %.1f s%n", counts[c], SIZE,
            (System.nanoTime() - started) / 1e9);
      }
      // [0]: thread CPU, [1]: process CPU, [2]: wall; nanoseconds per put, [kind][count][round]
      double[][][] cost = new double[3][counts.length][rounds];
      InterleavedRounds.rotating(3, rounds, counts.length, new InterleavedRounds.Chunk() {
        /** Chunks run so far, warm-up ones below 0: each round runs one per count. */
        private int chunks = -3 * counts.length;

        @Override
        public double run(int c) {
          double[] chunk = tiers[c].chunk();
          int r = Math.floorDiv(chunks++, counts.length);
          if (r >= 0) {
            for (int kind = 0; kind < 3; kind++) {
              cost[kind][c][r] = chunk[kind];
            }
          }
          return chunk[0];
        }
      });
      String[] kinds = {"thread CPU", "process CPU", "wall"};
      for (int c = 0; c < counts.length; c++) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "put at %,d entries:",
            counts[c]));
        for (int kind = 0; kind < 3; kind++) {
          InterleavedRounds.Spread each = InterleavedRounds.Spread.of(cost[kind][c]);
          InterleavedRounds.Spread ratio =
              InterleavedRounds.Spread.ofRatios(cost[kind][c], cost[kind][0]);
          line.append(String.format(Locale.ROOT, " %s %.1f us/put, over %,d entries %.2f "
                  + "(quartiles %.2f, %.2f);", kinds[kind], each.median() / 1000, counts[0],
              ratio.median(), ratio.lowerQuartile(), ratio.upperQuartile()));
        }
        System.out.println(line);
      }
    } finally {
      for (Filled tier : tiers) {
        if (tier != null) {
          tier.close();
        }
      }
    }
  }

  /** A full disk tier and the keys it is put with: twice those it holds, in turn. */
  private static final class Filled implements AutoCloseable {
    private final Path dir;
    private final CacheTier tier;
    private final ContentKey[] keys;
    private final byte[] content;
    private int next;

    Filled(int entries, int seed) {
      dir = Folders.create("scaling-cpu");
      tier = TierDiscovery.scan().provider("disk").create(TierConfig.builder()
          .capacity((long) entries * SIZE).set("dir", dir.toString()).set("fsync", "never")
          .build());
      keys = Keys.random(entries + Math.max(entries, 16_384), 20 + seed);
      content = Keys.content(SIZE, 1);
      for (int i = 0; i < entries; i++) {
        tier.put(keys[i], content);
      }
      next = entries;
    }

    /** Puts for 200 ms; returns thread CPU, process CPU and wall nanoseconds per put. */
    double[] chunk() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      com.sun.management.OperatingSystemMXBean process =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long threadStart = threads.getCurrentThreadCpuTime();
      long processStart = process.getProcessCpuTime();
      long start = System.nanoTime();
      long end = start + CHUNK_NANOS;
      long done = 0;
      do {
        for (int k = 0; k < 64; k++) {
          tier.put(keys[next], content);
          next = next + 1 == keys.length ? 0 : next + 1;
        }
        done += 64;
      } while (System.nanoTime() < end);
      double wall = System.nanoTime() - start;
      double thread = threads.getCurrentThreadCpuTime() - threadStart;
      double all = process.getProcessCpuTime() - processStart;
      return new double[] {thread / done, all / done, wall / done};
    }

    @Override
    public void close() {
      tier.close();
      Folders.delete(dir);
    }
  }
}
