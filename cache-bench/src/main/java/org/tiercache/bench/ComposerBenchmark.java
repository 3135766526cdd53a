package org.tiercache.bench;

import java.nio.file.Path;
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
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import org.tiercache.tiered.SizeRule;
import org.tiercache.tiered.TieredCache;

/**
 * What the composer adds to a memory hit: the bare memory tier, a {@code TieredCache} holding only
 * it, and one holding it above a disk tier (the hit is in memory, so the disk is never read). The
 * same 1 KiB content, the same full tier and Zipfian keys as {@link MemoryWorkload}'s get.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ComposerBenchmark {
  private static final int SIZE = 1024;
  private static final int SEQUENCE = 1 << 15;

  @Param({"memory", "tiered-memory", "tiered-memory-disk"})
  public String stack;

  private Path dir;
  private CacheTier target;
  private ContentKey[] keys;
  private int[] reads;

  /** Where each thread is in the sequence. */
  @State(Scope.Thread)
  public static class Cursor {
    int index = ThreadLocalRandom.current().nextInt();
  }

  @Setup
  public void setUp() {
    TierConfig memory = TierConfig.builder().capacity((long) MemoryWorkload.ENTRIES * SIZE)
        .ttl(MemoryWorkload.TTL).build();
    switch (stack) {
      case "memory":
        target = TierDiscovery.scan().provider("memory").create(memory);
        break;
      case "tiered-memory":
        target = TieredCache.builder().tier(SizeRule.any(), "memory", memory).build();
        break;
      case "tiered-memory-disk":
        dir = Folders.create("composer");
        target = TieredCache.builder()
            .tier(SizeRule.below("100KB"), "memory", memory)
            .tier(SizeRule.atLeast("100KB"), "disk",
                TierConfig.parse("capacity=64MB ttl=1h dir=" + dir))
            .build();
        break;
      default:
        throw new IllegalArgumentException("unknown stack '" + stack + "'");
    }
    keys = Keys.random(MemoryWorkload.ENTRIES, 2);
    byte[] content = Keys.content(SIZE, 1);
    for (ContentKey key : keys) {
      target.put(key, content);
    }
    for (ContentKey key : keys) {
      if (target.get(key) == null) {
        throw new IllegalStateException(stack + " does not hold " + key);
      }
    }
    reads = ScrambledZipfian.sequence(MemoryWorkload.ENTRIES, SEQUENCE, 3);
  }

  @TearDown
  public void tearDown() {
    target.close();
    Folders.delete(dir);
  }

  @Benchmark
  @Threads(1)
  public Object hit(Cursor cursor) {
    return target.get(keys[reads[cursor.index++ & (SEQUENCE - 1)]]);
  }

  @Benchmark
  @Threads(2)
  public Object hitTwoThreads(Cursor cursor) {
    return target.get(keys[reads[cursor.index++ & (SEQUENCE - 1)]]);
  }
}
