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
 * A disk put into a full store: the disk tier with each {@code fsync} setting (content below 64 KiB
 * packed into segments, the default; {@code pack.below-0}: a file per entry at every size, the
 * layout before packing was the default), against writing a temporary file and moving it into
 * place with plain JDK calls (with and without forcing it), and against Ehcache 3's persistent disk
 * tier.
 *
 * <p>The store holds {@code entries} values (64 MiB, 16 to 4,096 entries). The disk tier and Ehcache
 * are bounded to that and put keys cycling over twice as many, so every put is of a key not held and
 * evicts the least recently used (a file delete and a journal record for the tier); the raw store
 * cycles over {@code entries} names, so every move replaces an existing file (the file system frees
 * the old one). Both start full.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class DiskPutBenchmark {
  @Param({"tiercache-fsync-never", "tiercache-fsync-periodic", "tiercache-fsync-always",
      "tiercache-pack.below-0", "tiercache-pack.below-0+fsync-always", "raw", "raw-fsync",
      "ehcache-persistent"})
  public String store;

  @Param({"4096", "262144", "4194304"})
  public int size;

  private Path dir;
  private DiskStore target;
  private ContentKey[] keys;
  private byte[] content;
  private int next;

  @Setup
  public void setUp() {
    int entries = Math.max(16, Math.min(4096, (64 << 20) / size));
    dir = Folders.create("disk-put");
    long bound = (long) entries * size;
    keys = Keys.random(store.startsWith("raw") ? entries : 2 * entries, 6);
    content = Keys.content(size, 1);
    // filled without forcing (the same files and journal, sooner), then opened as measured
    String filler = store.replace("fsync-always", "fsync-never").replace("raw-fsync", "raw");
    if (!filler.equals(store)) {
      try (DiskStore fill = DiskStore.create(filler, dir, bound)) {
        for (ContentKey key : keys) {
          fill.put(key, content);
        }
      }
    }
    target = DiskStore.create(store, dir, bound);
    if (filler.equals(store)) {
      for (ContentKey key : keys) {
        target.put(key, content);
      }
    }
  }

  @TearDown
  public void tearDown() {
    ContentKey last = keys[(next - 1 + keys.length) % keys.length];
    if (target.get(last) == null) {
      throw new IllegalStateException(store + " lost the last key put, " + last);
    }
    target.close();
    Folders.delete(dir);
  }

  @Benchmark
  public void put() {
    target.put(keys[next], content);
    next = next + 1 == keys.length ? 0 : next + 1;
  }
}
