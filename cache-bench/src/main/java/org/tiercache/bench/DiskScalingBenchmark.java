package org.tiercache.bench;

import java.nio.file.Path;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.tiercache.api.ContentKey;

/**
 * Disk tier put and get cost against the number of entries held: 1,000 to 1,000,000 entries of
 * 4 KiB (issue 16: put cost flat to 1,000,000 small entries), and the seed benchmark's own points
 * (100, 1,000 and 5,000 entries of 256 KiB, a full store, every put evicting) for the chart beside
 * the seed. {@code fsync=never}: the seed does not force either, and a flush would measure the
 * device rather than the index.
 *
 * <p>The 1,000,000-entry point writes 4 GB in its set-up, per fork and per method: about a minute
 * each (run-benchmarks.sh counts it in its estimate).
 *
 * <p>A put is of a key not held (keys cycle over more than the store holds), so it evicts one entry;
 * a get reads a held key chosen uniformly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class DiskScalingBenchmark {
  private static final int SEQUENCE = 1 << 16;

  /**
   * The store: the default settings but {@code fsync}, so 4 KiB entries are packed into segments
   * and 256 KiB ones get files of their own; {@code -p
   * store=tiercache-fsync-never+pack.below-0} measures a file per entry at every size.
   */
  @Param({"tiercache-fsync-never"})
  public String store;

  /** {@code ENTRIESxSIZE}. */
  @Param({"1000x4096", "10000x4096", "100000x4096", "1000000x4096", "100x262144", "1000x262144",
      "5000x262144"})
  public String population;

  private Path dir;
  private DiskStore target;
  private ContentKey[] keys;
  private int[] reads;
  private byte[] content;
  private int next;

  @Setup
  public void setUp(BenchmarkParams params) {
    String[] parts = population.split("x");
    int entries = Integer.parseInt(parts[0]);
    int size = Integer.parseInt(parts[1]);
    dir = Folders.create("disk-scaling");
    target = DiskStore.create(store, dir, (long) entries * size);
    keys = Keys.random(entries + Math.max(entries, 16_384), 7);
    content = Keys.content(size, 1);
    for (int i = 0; i < entries; i++) {
      target.put(keys[i], content);
    }
    next = entries;
    reads = Keys.uniformSequence(SEQUENCE, entries, 8);
  }

  @TearDown
  public void tearDown() {
    target.close();
    Folders.delete(dir);
  }

  /** A put of a key not held, into a full store: one eviction. */
  @Benchmark
  public void put() {
    target.put(keys[next], content);
    next = next + 1 == keys.length ? 0 : next + 1;
  }

  /** A hit on a key chosen uniformly among those held. */
  @Benchmark
  public Object get() {
    return target.get(keys[reads[next++ & (SEQUENCE - 1)]]);
  }
}
