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
import org.tiercache.api.ContentKey;

/**
 * A disk hit: the disk tier with each {@code verify} setting (content below 64 KiB packed into
 * segments, the default; {@code pack.below-0}: a file per entry at every size), against reading
 * the whole file with {@code Files.readAllBytes} and against Ehcache 3's persistent disk tier. Up
 * to 1,000 entries (at most 256 MiB), read in a uniform random order; the files are in the page
 * cache (the machine has far more memory than that), so this measures the software, not the
 * device.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class DiskGetBenchmark {
  private static final int SEQUENCE = 1 << 12;

  @Param({"tiercache-verify-never", "tiercache-verify-checksum", "tiercache-verify-always",
      "tiercache-pack.below-0", "raw", "raw-pread", "raw-pread-record", "ehcache-persistent"})
  public String store;

  @Param({"4096", "262144", "4194304"})
  public int size;

  private Path dir;
  private DiskStore target;
  private ContentKey[] keys;
  private int[] order;
  private int next;

  @Setup
  public void setUp() {
    int entries = Math.min(1000, (256 << 20) / size);
    dir = Folders.create("disk-get");
    // room to spare: nothing is evicted (Ehcache splits its disk pool into 16 segments, each
    // bounded to a sixteenth, so it evicts well before a pool of exactly the content's size fills)
    target = DiskStore.create(store, dir, 4L * entries * size + (64 << 20));
    keys = new ContentKey[entries];
    byte[] content = Keys.content(size, 1);
    for (int i = 0; i < entries; i++) {
      // distinct content per key, whose digest is the key, so that verify=always passes
      content[0] = (byte) i;
      content[1] = (byte) (i >>> 8);
      keys[i] = ContentKey.sha256(content);
      target.put(keys[i], content);
    }
    for (ContentKey key : keys) {
      if (target.get(key) == null) {
        throw new IllegalStateException(store + " does not hold " + key);
      }
    }
    order = Keys.uniformSequence(SEQUENCE, entries, 5);
  }

  @TearDown
  public void tearDown() {
    target.close();
    Folders.delete(dir);
  }

  @Benchmark
  public Object get() {
    return target.get(keys[order[next++ & (SEQUENCE - 1)]]);
  }
}
