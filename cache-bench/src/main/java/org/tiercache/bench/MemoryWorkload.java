package org.tiercache.bench;

import java.time.Duration;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.tiercache.api.ContentKey;

/**
 * The memory tier against Caffeine, Ehcache 3 on heap and a synchronized {@code LinkedHashMap}, all
 * holding {@code byte[]} under the same bound of {@link #ENTRIES} values' bytes, with a 5 minute
 * expire-after-write (the map has none). Keys follow a scrambled Zipfian distribution, as in
 * Caffeine's {@code GetPutBenchmark}; unlike it, every cache is <b>full</b> when measuring starts:
 * Caffeine does not record reads while it is under half full, which would compare a cache that
 * keeps LRU order with one that does not.
 *
 * <ul>
 *   <li>{@code get}: hits only; the cache holds exactly the {@link #ENTRIES} keys read.
 *   <li>{@code put}: keys from twice as many as fit, so a put of a key not held evicts.
 *   <li>{@code putFreshArray}: as {@code put}, with a new array per put (content as I/O hands it),
 *       handed over: the memory tier's {@code putOwned}, the peers' put.
 *   <li>{@code mix}: the same keys, three gets to one put.
 *   <li>{@code mixFreshArray}: as {@code mix}, each put handing over a new array as
 *       {@code putFreshArray} does.
 * </ul>
 * The peers keep the caller's array; the memory tier copies it on put (its contract: the caller
 * owns the array) but keeps an array handed over with {@code putOwned}, and hands out a read-only
 * view on get. Subclasses fix the thread count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public abstract class MemoryWorkload {
  /** How many values the bound holds: the bound is {@code ENTRIES * size} bytes. */
  static final int ENTRIES = 2048;
  private static final int SEQUENCE = 1 << 15;
  private static final int MASK = SEQUENCE - 1;
  static final Duration TTL = Duration.ofMinutes(5);

  @Param({"tiercache", "caffeine", "ehcache", "lhm"})
  public String cache;

  @Param({"1024", "65536"})
  public int size;

  private ByteCache target;
  private byte[] content;
  /** Twice as many keys as fit; the first {@link #ENTRIES} are those {@code get} reads. */
  private ContentKey[] keys;
  private int[] reads;
  private int[] writes;

  /** Where each thread is in the sequences; threads start at different places. */
  @State(Scope.Thread)
  public static class Cursor {
    int index = ThreadLocalRandom.current().nextInt();
  }

  @Setup
  public void setUp(BenchmarkParams params) {
    target = ByteCache.create(cache, (long) ENTRIES * size, size, TTL);
    content = Keys.content(size, 1);
    keys = Keys.random(2 * ENTRIES, 2);
    reads = ScrambledZipfian.sequence(ENTRIES, SEQUENCE, 3);
    writes = ScrambledZipfian.sequence(2 * ENTRIES, SEQUENCE, 4);
    if (params.getBenchmark().endsWith(".get")) {
      for (int i = 0; i < ENTRIES; i++) {
        target.put(keys[i], content);
      }
      for (int i = 0; i < ENTRIES; i++) {
        if (target.get(keys[i]) == null) {
          throw new IllegalStateException(cache + " does not hold key " + i + " of " + ENTRIES);
        }
      }
    } else {
      for (ContentKey key : keys) {
        target.put(key, content);
      }
      for (int write : writes) {
        target.put(keys[write], content);
      }
    }
  }

  @TearDown
  public void tearDown() {
    target.close();
  }

  /** A hit: every key read is held. */
  @Benchmark
  public Object get(Cursor cursor) {
    return target.get(keys[reads[cursor.index++ & MASK]]);
  }

  /** A put into a full cache; a key not held evicts the least recently used. */
  @Benchmark
  public void put(Cursor cursor) {
    target.put(keys[writes[cursor.index++ & MASK]], content);
  }

  /**
   * As {@link #put}, but each put hands over a new array, as content read from a file or a socket
   * arrives: every cache then keeps a fresh array per put, the one given (the memory tier through
   * {@code putOwned}, which exists for this caller), and the collector pays for keeping each of
   * them, instead of the peers keeping one array over and over. The clone is the same work for
   * every cache.
   */
  @Benchmark
  public void putFreshArray(Cursor cursor) {
    target.putOwned(keys[writes[cursor.index++ & MASK]], content.clone());
  }

  /** Three gets to one put over the same keys; a get of a key not held is a miss. */
  @Benchmark
  public Object mix(Cursor cursor) {
    int index = cursor.index++;
    ContentKey key = keys[writes[index & MASK]];
    if ((index & 3) == 0) {
      target.put(key, content);
      return null;
    }
    return target.get(key);
  }

  /** As {@link #mix}, each put handing over a new array as {@link #putFreshArray} does. */
  @Benchmark
  public Object mixFreshArray(Cursor cursor) {
    int index = cursor.index++;
    ContentKey key = keys[writes[index & MASK]];
    if ((index & 3) == 0) {
      target.putOwned(key, content.clone());
      return null;
    }
    return target.get(key);
  }
}
