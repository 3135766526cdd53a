package org.tiercache.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.tiercache.api.ContentKey;

/**
 * A get-hit against the working set: the memory tier, the same tier as the only tier of a
 * {@code TieredCache} (the composer's overhead) and Caffeine, side by side, at 2,048, 10,000 and
 * 100,000 entries of 1 KiB and 2,048 and 10,000 of 64 KiB ({@link #population}, entries x bytes;
 * 100,000 of 64 KiB would be 6.4 GB of distinct content), each in a cache exactly that size
 * ({@code full}) or twice that size ({@code half}). Every key read is held, so every get hits and
 * nothing is evicted; a 5 minute expire-after-write, as {@link MemoryWorkload}.
 *
 * <p>Each entry is its own array (handed over: the tier's {@code putOwned}, Caffeine's put), so the
 * heap holds what a real cache of that size holds. The read sequence (2^20 scrambled Zipfian indexes
 * over the entries, as Caffeine's {@code GetPutBenchmark}) is made in the setup, before measuring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class MemoryGetScalingBenchmark {
  private static final int SEQUENCE = 1 << 20;
  private static final int MASK = SEQUENCE - 1;

  @Param({"tiercache", "tiered", "caffeine"})
  public String cache;

  /** Entries x bytes per entry. */
  @Param({"2048x1024", "10000x1024", "100000x1024", "2048x65536", "10000x65536"})
  public String population;

  /** {@code full}: the bound is the entries' bytes; {@code half}: twice that. */
  @Param({"full", "half"})
  public String fill;

  private ByteCache target;
  private ContentKey[] keys;
  private int[] reads;

  /** Where each thread is in the sequence; threads start at different places. */
  @State(Scope.Thread)
  public static class Cursor {
    int index = ThreadLocalRandom.current().nextInt();
  }

  @Setup
  public void setUp() {
    String[] parts = population.split("x");
    int entries = Integer.parseInt(parts[0]);
    int size = Integer.parseInt(parts[1]);
    long bytes = (long) entries * size;
    long bound;
    switch (fill) {
      case "full":
        bound = bytes;
        break;
      case "half":
        bound = 2 * bytes;
        break;
      default:
        throw new IllegalArgumentException("unknown fill '" + fill + "': full or half");
    }
    target = ByteCache.create(cache, bound, size, MemoryWorkload.TTL);
    keys = Keys.random(entries, 2);
    byte[] content = Keys.content(size, 1);
    for (ContentKey key : keys) {
      target.putOwned(key, content.clone());
    }
    for (int i = 0; i < entries; i++) {
      if (target.get(keys[i]) == null) {
        throw new IllegalStateException(cache + " does not hold key " + i + " of " + entries);
      }
    }
    reads = ScrambledZipfian.sequence(entries, SEQUENCE, 3);
  }

  @TearDown
  public void tearDown() {
    target.close();
  }

  /** A hit, one thread. */
  @Benchmark
  @Threads(1)
  public Object get(Cursor cursor) {
    return target.get(keys[reads[cursor.index++ & MASK]]);
  }

  /** A hit, two threads reading the same cache. */
  @Benchmark
  @Threads(2)
  public Object getTwoThreads(Cursor cursor) {
    return target.get(keys[reads[cursor.index++ & MASK]]);
  }
}
