package org.tiercache.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import org.tiercache.api.ContentKey;
import org.tiercache.bench.InterleavedRounds.Spread;

/**
 * A check for a loaded machine, not a report figure: the memory tier against Caffeine (and the
 * one-tier {@code TieredCache}) in one JVM, timed in alternating 200 ms chunks, each chunk's
 * throughput taken per microsecond of the measuring threads' own CPU time, so that time the threads
 * spend descheduled by other load does not count. Prints the median of each cache's per-round ratio
 * to the first. Work done on other threads (Caffeine's drain on its executor, the collector) is not
 * counted, which favours a cache that hands work off. JMH with {@code --profile long} on a quiet
 * machine is the measurement of record.
 *
 * <p>{@code java -cp benchmarks.jar org.tiercache.bench.InterleavedGetCpuTime ENTRIES SIZE THREADS
 * ROUNDS [get|putFresh|mixFresh] [tiercache,caffeine,tiered] [full|half]}; any name
 * {@link ByteCache#create} knows may be listed, e.g. {@code caffeine-view} or
 * {@code caffeine-header}, Caffeine paying the tier's read-only view per hit, or only the load of
 * the array's header that making one costs.
 */
public final class InterleavedGetCpuTime {
  private static final long CHUNK_NANOS = 200_000_000L;
  private static final int SEQUENCE = 1 << 20;
  private static volatile Object sink;

  private InterleavedGetCpuTime() {}

  public static void main(String[] args) throws Exception {
    int entries = Integer.parseInt(args[0]);
    int size = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    String op = args.length > 4 ? args[4] : "get";
    String[] names = args.length > 5 ? args[5].split(",") : new String[] {"tiercache", "caffeine"};
    boolean half = args.length > 6 && args[6].equals("half");
    if (!op.equals("get") && !op.equals("putFresh") && !op.equals("mixFresh")) {
      throw new IllegalArgumentException("unknown operation '" + op + "': get, putFresh or mixFresh");
    }
    ContentKey[] keys = Keys.random(2 * entries, 2);
    byte[] content = Keys.content(size, 1);
    int[] reads = ScrambledZipfian.sequence(entries, SEQUENCE, 3);
    int[] writes = ScrambledZipfian.sequence(2 * entries, SEQUENCE, 4);
    ByteCache[] caches = new ByteCache[names.length];
    for (int c = 0; c < names.length; c++) {
      caches[c] = ByteCache.create(names[c], (long) entries * size * (half ? 2 : 1), size,
          MemoryWorkload.TTL);
      for (int i = 0; i < entries; i++) {
        caches[c].putOwned(keys[i], content.clone());
      }
    }
    double[][] rates = InterleavedRounds.inTurn(3, rounds, names.length, // three warm-up rounds
        c -> chunk(caches[c], threads, op, keys, reads, writes, content));
    for (int c = 0; c < names.length; c++) {
      Spread ratio = Spread.ofRatios(rates[0], rates[c]);
      System.out.println(String.format(Locale.ROOT, "%s %s entries=%d size=%d threads=%d %s: "
              + "median %.3f ops per CPU-us per thread; %s over it: median %.2f (quartiles %.2f, "
              + "%.2f)", op, names[c], entries, size, threads, half ? "half" : "full",
          Spread.of(rates[c]).median(), names[0], ratio.median(), ratio.lowerQuartile(),
          ratio.upperQuartile()));
      caches[c].close();
    }
  }

  /** One chunk on every thread; returns operations per microsecond of CPU time, per thread. */
  private static double chunk(ByteCache cache, int threads, String op, ContentKey[] keys,
      int[] reads, int[] writes, byte[] content) throws Exception {
    long[] ops = new long[threads];
    long[] cpu = new long[threads];
    CyclicBarrier start = new CyclicBarrier(threads);
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] = new Thread(() -> {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        long cpuStart = bean.getCurrentThreadCpuTime();
        long end = System.nanoTime() + CHUNK_NANOS;
        int index = id * 7919;
        long done = 0;
        Object last = null;
        do {
          for (int k = 0; k < 1024; k++, index++) {
            int at = index & (SEQUENCE - 1);
            if (op.equals("get")) {
              last = cache.get(keys[reads[at]]);
            } else if (op.equals("putFresh") || (index & 3) == 0) {
              cache.putOwned(keys[writes[at]], content.clone());
            } else {
              last = cache.get(keys[writes[at]]);
            }
          }
          done += 1024;
        } while (System.nanoTime() < end);
        sink = last;
        ops[id] = done;
        cpu[id] = bean.getCurrentThreadCpuTime() - cpuStart;
      });
      workers[t].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return Arrays.stream(ops).sum() * 1000.0 / Arrays.stream(cpu).sum();
  }
}
