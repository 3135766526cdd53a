package org.tiercache.bench;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.text.ParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
import org.tiercache.micrometer.CacheTierMetrics;
import org.tiercache.micrometer.TieredCacheMetrics;
import org.tiercache.tiered.SizeRule;
import org.tiercache.tiered.TieredCache;

/**
 * What observability costs a memory hit (issue 17): the full memory tier of {@link MemoryWorkload}'s
 * get (2,048 entries of 1 KiB, Zipfian keys), alone or as the only tier of a {@code TieredCache},
 * with and without its meters bound to a {@code SimpleMeterRegistry}, and a stack under a running
 * JFR recording: one on the JDK's default settings, as runs continuously in production (the event
 * {@code org.tiercache.tiered.SlowOperation} is off there), and one that enables that event by name
 * (threshold 20 ms: every call is timed, none is recorded).
 *
 * <ul>
 *   <li>{@code hit}: gets on one thread; nobody reads the registry. The meters are function
 *       counters and gauges read at a scrape, so this shows what binding alone costs.
 *   <li>{@code scraped}: a thread getting beside a thread reading every meter of the registry in
 *       a loop, as a scrape does, without pause: far more often than any real registry (every 10 to
 *       60 s), so an upper bound of what scrapes cost the hits. Without meters the second thread
 *       loops over an empty registry, so both setups keep two threads busy.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MetricsBenchmark {
  private static final int SIZE = 1024;
  private static final int SEQUENCE = 1 << 15;

  @Param({"memory", "memory+meters", "tiered", "tiered+meters", "tiered+jfr-default",
      "tiered+jfr-slow-op"})
  public String setup;

  private CacheTier target;
  private SimpleMeterRegistry registry;
  private Recording recording;
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
    registry = new SimpleMeterRegistry();
    switch (setup) {
      case "memory":
        target = TierDiscovery.scan().provider("memory").create(memory);
        break;
      case "memory+meters":
        target = CacheTierMetrics.monitor(registry, TierDiscovery.scan().provider("memory").create(memory),
            "bench");
        break;
      case "tiered":
        target = TieredCache.builder().tier(SizeRule.any(), "memory", memory).build();
        break;
      case "tiered+meters":
        TieredCache stack = TieredCache.builder().tier(SizeRule.any(), "memory", memory).build();
        TieredCacheMetrics.monitor(registry, stack, "bench");
        target = stack;
        break;
      case "tiered+jfr-default":
        target = TieredCache.builder().tier(SizeRule.any(), "memory", memory).build();
        recording = new Recording(jdkDefaultSettings());
        recording.start();
        break;
      case "tiered+jfr-slow-op":
        target = TieredCache.builder().tier(SizeRule.any(), "memory", memory).build();
        recording = new Recording(jdkDefaultSettings());
        recording.enable("org.tiercache.tiered.SlowOperation");
        recording.start();
        break;
      default:
        throw new IllegalArgumentException("unknown setup '" + setup + "'");
    }
    keys = Keys.random(MemoryWorkload.ENTRIES, 2);
    byte[] content = Keys.content(SIZE, 1);
    for (ContentKey key : keys) {
      target.put(key, content);
    }
    for (ContentKey key : keys) {
      if (target.get(key) == null) {
        throw new IllegalStateException(setup + " does not hold " + key);
      }
    }
    if (setup.endsWith("+meters") == registry.getMeters().isEmpty()) {
      throw new IllegalStateException(setup + ": " + registry.getMeters().size() + " meters bound");
    }
    reads = ScrambledZipfian.sequence(MemoryWorkload.ENTRIES, SEQUENCE, 3);
  }

  private static Configuration jdkDefaultSettings() {
    try {
      return Configuration.getConfiguration("default");
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("the JDK's default JFR settings cannot be read", e);
    }
  }

  @TearDown
  public void tearDown() {
    if (recording != null) {
      recording.close();
    }
    target.close();
  }

  @Benchmark
  @Threads(1)
  public Object hit(Cursor cursor) {
    return target.get(keys[reads[cursor.index++ & (SEQUENCE - 1)]]);
  }

  @Benchmark
  @Group("scraped")
  @GroupThreads(1)
  public Object scrapedHit(Cursor cursor) {
    return target.get(keys[reads[cursor.index++ & (SEQUENCE - 1)]]);
  }

  /** Reads every meter, as a scrape does; returns the sum so that nothing is optimised away. */
  @Benchmark
  @Group("scraped")
  @GroupThreads(1)
  public double scrape() {
    double sum = 0;
    for (Meter meter : registry.getMeters()) {
      for (Measurement measurement : meter.measure()) {
        sum += measurement.getValue();
      }
    }
    return sum;
  }
}
