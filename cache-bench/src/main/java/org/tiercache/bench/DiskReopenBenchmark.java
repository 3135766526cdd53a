package org.tiercache.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/**
 * Opening a disk tier folder that holds 1,000 to 1,000,000 entries of 4 KiB after a clean close,
 * packed into segments as the default settings store them (issue 16: reopen of 100,000 entries
 * under 1 s, of 1,000,000 small entries measured), or in files of their own with {@code -p
 * packBelow=0 -p entries=1000,10000,100000} (run-benchmarks.sh runs both; a million files is
 * left out: its set-up alone would take many minutes per fork): one shot per measurement (the
 * journal is read, the content never). Each shot's close is outside the measured time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DiskReopenBenchmark {
  private static final int SIZE = 4096;

  @Param({"1000", "10000", "100000", "1000000"})
  public int entries;

  /** {@code 64KB} (the default): every entry packed into segments; {@code 0}: a file per entry. */
  @Param({"64KB"})
  public String packBelow;

  private Path dir;
  private TierConfig config;
  private CacheTier opened;

  @Setup(Level.Trial)
  public void fill() {
    dir = Folders.create("disk-reopen");
    config = TierConfig.builder().capacity((long) entries * SIZE).set("dir", dir.toString())
        .set("fsync", "never").set("pack.below", packBelow).build();
    byte[] content = Keys.content(SIZE, 1);
    try (CacheTier tier = TierDiscovery.scan().provider("disk").create(config)) {
      for (var key : Keys.random(entries, 9)) {
        tier.put(key, content);
      }
    }
  }

  @TearDown(Level.Invocation)
  public void closeOpened() {
    if (opened.entryCount() != entries) {
      throw new IllegalStateException("reopened " + opened.entryCount() + " of " + entries);
    }
    opened.close();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Folders.delete(dir);
  }

  @Benchmark
  public CacheTier reopen() {
    opened = TierDiscovery.scan().provider("disk").create(config);
    return opened;
  }
}
