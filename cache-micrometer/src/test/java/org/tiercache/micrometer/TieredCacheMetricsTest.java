package org.tiercache.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierHealth;
import org.tiercache.tiered.SizeRule;
import org.tiercache.tiered.TieredCache;

final class TieredCacheMetricsTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final Meters stack =
      new Meters(registry, "cache", "att", "tier", "tiered", "position", "stack");
  private final Meters small = new Meters(registry, "cache", "att", "tier", "memory", "position", "0");
  private final Meters large =
      new Meters(registry, "cache", "att", "tier", "memory#2", "position", "1");

  /** Small content (below 1 KB) in a first memory tier, the rest in a second. */
  private static TieredCache twoMemoryTiers() {
    return TieredCache.builder()
        .tier(SizeRule.below(1024), "memory", TierConfig.builder().capacity(4096).build())
        .tier(SizeRule.any(), "memory", TierConfig.builder().capacity(65536).build())
        .build();
  }

  private static byte[] content(int size, int seed) {
    byte[] bytes = new byte[size];
    bytes[0] = (byte) seed;
    return bytes;
  }

  @Test
  void eachTierIsTaggedByItsNameAndPositionAndTheStackByItsOwn() {
    try (TieredCache cache = twoMemoryTiers()) {
      TieredCacheMetrics.monitor(registry, cache, "att");
      byte[] note = content(100, 1);
      byte[] scan = content(5000, 2);
      cache.put(ContentKey.sha256(note), note);
      cache.put(ContentKey.sha256(scan), scan);

      cache.get(ContentKey.sha256(note));
      cache.get(ContentKey.sha256(scan));
      cache.get(ContentKey.sha256(content(10, 3)));

      assertEquals(2, stack.count("cache.gets", "result", "hit"));
      assertEquals(1, stack.count("cache.gets", "result", "miss"));
      assertEquals(2, stack.count("cache.puts"));
      assertEquals(2, stack.gauge("cache.size"));
      assertEquals(5100, stack.gauge("cache.content.size"));
      assertEquals(4096 + 65536, stack.gauge("cache.capacity"));

      // The note is answered by the first tier; the scan and the absent key miss there and go on.
      assertEquals(1, small.count("cache.gets", "result", "hit"));
      assertEquals(2, small.count("cache.gets", "result", "miss"));
      assertEquals(1, small.gauge("cache.size"));
      assertEquals(100, small.gauge("cache.content.size"));
      assertEquals(1, large.count("cache.gets", "result", "hit"));
      assertEquals(1, large.count("cache.gets", "result", "miss"));
      assertEquals(5000, large.gauge("cache.content.size"));
      assertEquals(0, large.count("cache.failures"));
    }
  }

  @Test
  void theFailuresOfATierAreCountedOnItsOwnSeries() {
    ScriptedTier broken = new ScriptedTier();
    try (TieredCache cache = TieredCache.builder()
        .tier(SizeRule.any(), broken)
        .tier(SizeRule.any(), "memory", TierConfig.builder().capacity(4096).build())
        .build()) {
      TieredCacheMetrics.monitor(registry, cache, "att");
      Meters first = new Meters(registry, "cache", "att", "tier", "scripted", "position", "0");
      Meters second = new Meters(registry, "cache", "att", "tier", "memory", "position", "1");
      broken.failing(true);

      cache.get(ContentKey.sha256(content(10, 1)));
      cache.get(ContentKey.sha256(content(10, 2)));

      assertEquals(2, first.count("cache.failures"));
      assertEquals(0, second.count("cache.failures"));
      assertEquals(2, second.count("cache.gets", "result", "miss"));
      assertEquals(2, stack.count("cache.gets", "result", "miss"));
    }
  }

  @Test
  void aDownTierReadsZeroOnItsOwnSeriesAndDegradesTheStack() {
    ScriptedTier scripted = new ScriptedTier();
    try (TieredCache cache = TieredCache.builder()
        .tier(SizeRule.any(), scripted)
        .tier(SizeRule.any(), "memory", TierConfig.builder().capacity(4096).build())
        .build()) {
      TieredCacheMetrics.monitor(registry, cache, "att");
      Meters first = new Meters(registry, "cache", "att", "tier", "scripted", "position", "0");
      Meters second = new Meters(registry, "cache", "att", "tier", "memory", "position", "1");
      assertEquals(1, stack.gauge("cache.health"));

      scripted.health(TierHealth.down("redis at 127.0.0.1:6379 unavailable", null));

      assertEquals(0, first.gauge("cache.health"));
      assertEquals(1, second.gauge("cache.health"));
      assertEquals(0.5, stack.gauge("cache.health"), "one tier of two down: the stack is degraded");
    }
  }

  @Test
  void aTierWhoseStatisticsFailFreezesTheStacksCountersUntilItAnswers() {
    ScriptedTier broken = new ScriptedTier();
    try (TieredCache cache = TieredCache.builder()
        .tier(SizeRule.any(), "memory", TierConfig.builder().capacity(4096).build())
        .tier(SizeRule.any(), broken)
        .build()) {
      TieredCacheMetrics.monitor(registry, cache, "att");
      cache.get(ContentKey.sha256(content(10, 1)));
      assertEquals(1, small.count("cache.gets", "result", "miss"));
      assertEquals(1, stack.count("cache.gets", "result", "miss"));

      // The stack's statistics and tierStats() let the tier's failure through, so every series of
      // the stack keeps the last value it read; a scrape does not fail.
      broken.statsFailing(true);
      cache.get(ContentKey.sha256(content(10, 2)));
      assertEquals(1, small.count("cache.gets", "result", "miss"));
      assertEquals(1, stack.count("cache.gets", "result", "miss"));
      assertTrue(Double.isNaN(small.gauge("cache.size")));

      broken.statsFailing(false);
      assertEquals(2, small.count("cache.gets", "result", "miss"));
      assertEquals(2, stack.count("cache.gets", "result", "miss"));
    }
  }

  @Test
  void loadsAreTimedOnTheRegistryClockBySuccessOrFailure() {
    try (TieredCache cache = twoMemoryTiers()) {
      TieredCacheMetrics metrics = TieredCacheMetrics.monitor(registry, cache, "att");
      byte[] note = content(100, 1);

      cache.get(ContentKey.sha256(note), metrics.timed(key -> {
        clock.add(Duration.ofMillis(7));
        return note;
      }));
      assertNull(cache.get(ContentKey.sha256(content(10, 2)), metrics.timed(key -> {
        clock.add(Duration.ofMillis(3));
        return null;
      })));
      assertThrows(CacheException.class, () -> cache.get(ContentKey.sha256(content(10, 3)),
          metrics.timed(key -> {
            clock.add(Duration.ofMillis(5));
            throw new IOException("origin down");
          })));
      // A hit runs no loader, so it adds no load.
      cache.get(ContentKey.sha256(note), metrics.timed(key -> note));

      Timer success = stack.find("cache.loads", "result", "success").timer();
      Timer failure = stack.find("cache.loads", "result", "failure").timer();
      assertEquals(1, success.count());
      assertEquals(7, success.totalTime(TimeUnit.MILLISECONDS));
      assertEquals(2, failure.count());
      assertEquals(8, failure.totalTime(TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void aLoaderWrappedBeforeBindingIsTimedOnceBound() {
    try (TieredCache cache = twoMemoryTiers()) {
      TieredCacheMetrics metrics = new TieredCacheMetrics(cache, "att", List.of());
      TieredCache.Loader timed = metrics.timed(key -> content(100, 1));
      metrics.bindTo(registry);
      metrics.bindTo(registry);

      cache.get(ContentKey.sha256(content(100, 1)), timed);

      assertEquals(1, stack.find("cache.loads", "result", "success").timer().count(),
          "bound twice to one registry, a load is still counted once");
    }
  }

  @Test
  void bindingDoesNotKeepTheStackAlive() {
    WeakReference<TieredCache> collected = bindAndDrop();
    for (int i = 0; i < 100 && collected.get() != null; i++) {
      System.gc();
    }

    assertNull(collected.get(), "the registry kept the stack alive");
    assertTrue(Double.isNaN(stack.gauge("cache.size")));
    assertTrue(Double.isNaN(small.gauge("cache.size")));
    assertEquals(1, small.count("cache.gets", "result", "miss"));
  }

  private WeakReference<TieredCache> bindAndDrop() {
    TieredCache cache = twoMemoryTiers();
    TieredCacheMetrics.monitor(registry, cache, "att");
    cache.get(ContentKey.sha256(content(1, 1)));
    assertEquals(1, small.count("cache.gets", "result", "miss"));
    cache.close();
    return new WeakReference<>(cache);
  }
}
