package org.tiercache.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;

final class CacheTierMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Meters meters =
      new Meters(registry, "cache", "thumbnails", "tier", "memory", "position", "0");
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private CacheTier memoryTier() {
    return TierDiscovery.scan().provider("memory").create(TierConfig.builder().capacity(1024)
        .ttl(Duration.ofSeconds(10)).clock(now::get).build());
  }

  private static byte[] content(int size, int seed) {
    byte[] bytes = new byte[size];
    bytes[0] = (byte) seed;
    return bytes;
  }

  @Test
  void getsCountHitsAndMissesAsTheTierIsUsed() {
    try (CacheTier tier = CacheTierMetrics.monitor(registry, memoryTier(), "thumbnails")) {
      byte[] small = content(100, 1);
      ContentKey key = ContentKey.sha256(small);
      assertEquals(0, meters.count("cache.gets", "result", "hit"));

      tier.put(key, small);
      tier.get(key);
      tier.get(key);
      tier.get(ContentKey.sha256(content(100, 2)));

      assertEquals(2, meters.count("cache.gets", "result", "hit"));
      assertEquals(1, meters.count("cache.gets", "result", "miss"));
      assertEquals(1, meters.count("cache.puts"));
    }
  }

  @Test
  void gaugesGiveEntriesBytesAndCapacity() {
    try (CacheTier tier = CacheTierMetrics.monitor(registry, memoryTier(), "thumbnails")) {
      assertEquals(1024, meters.gauge("cache.capacity"));
      assertEquals(0, meters.gauge("cache.size"));

      byte[] a = content(100, 1);
      byte[] b = content(300, 2);
      tier.put(ContentKey.sha256(a), a);
      tier.put(ContentKey.sha256(b), b);

      assertEquals(2, meters.gauge("cache.size"));
      assertEquals(400, meters.gauge("cache.content.size"));
      assertEquals("bytes", meters.find("cache.content.size").gauge().getId().getBaseUnit());
      assertEquals("bytes", meters.find("cache.capacity").gauge().getId().getBaseUnit());
    }
  }

  @Test
  void refusedPutsEvictionsAndExpirationsAreCountedApart() {
    try (CacheTier tier = CacheTierMetrics.monitor(registry, memoryTier(), "thumbnails")) {
      byte[] tooLarge = content(2048, 9);
      assertFalse(tier.put(ContentKey.sha256(tooLarge), tooLarge));
      for (int i = 0; i < 3; i++) {
        byte[] half = content(500, i);
        tier.put(ContentKey.sha256(half), half);
      }
      now.addAndGet(Duration.ofSeconds(10).toNanos());
      tier.evictExpired();

      assertEquals(1, meters.count("cache.puts.rejected"));
      assertEquals(1, meters.count("cache.evictions"));
      assertEquals(2, meters.count("cache.expirations"));
      assertEquals(0, meters.gauge("cache.size"));
    }
  }

  @Test
  void everyFigureOfTheStatisticsHasItsMeter() {
    ScriptedTier tier = new ScriptedTier();
    tier.stats(new TierStats(1, 2, 3, 4, 5, 6, 7, 8, 9));
    CacheTierMetrics.monitor(registry, tier, "scripted");
    Meters scripted =
        new Meters(registry, "cache", "scripted", "tier", "scripted", "position", "0");

    assertEquals(1, scripted.count("cache.gets", "result", "hit"));
    assertEquals(2, scripted.count("cache.gets", "result", "miss"));
    assertEquals(3, scripted.count("cache.puts"));
    assertEquals(4, scripted.count("cache.puts.rejected"));
    assertEquals(5, scripted.count("cache.evictions"));
    assertEquals(6, scripted.count("cache.expirations"));
    assertEquals(7, scripted.count("cache.damaged"));
    assertEquals(8, scripted.gauge("cache.content.size"));
    assertEquals(9, scripted.gauge("cache.size"));
    assertEquals(1 << 20, scripted.gauge("cache.capacity"));
    assertEquals(1, scripted.gauge("cache.health"));
    assertEquals(11, registry.getMeters().size(), "one meter per figure, capacity and health");
  }

  @Test
  void theHealthGaugeFollowsTheTiersHealth() {
    ScriptedTier tier = new ScriptedTier();
    CacheTierMetrics.monitor(registry, tier, "scripted");
    Meters scripted =
        new Meters(registry, "cache", "scripted", "tier", "scripted", "position", "0");
    assertEquals(1, scripted.gauge("cache.health"));

    tier.health(TierHealth.degraded("server refuses writes for memory", null));
    assertEquals(0.5, scripted.gauge("cache.health"));

    tier.health(TierHealth.down("redis at 127.0.0.1:6379 unavailable", null));
    assertEquals(0, scripted.gauge("cache.health"));

    tier.health(TierHealth.UP);
    assertEquals(1, scripted.gauge("cache.health"));
  }

  @Test
  void aTierWhoseStatisticsFailKeepsItsCountersAndReadsNaNGauges() {
    ScriptedTier tier = new ScriptedTier();
    tier.stats(new TierStats(5, 0, 2, 0, 0, 0, 0, 100, 2));
    CacheTierMetrics.monitor(registry, tier, "scripted");
    Meters scripted =
        new Meters(registry, "cache", "scripted", "tier", "scripted", "position", "0");
    assertEquals(5, scripted.count("cache.gets", "result", "hit"));

    tier.statsFailing(true);

    assertEquals(5, scripted.count("cache.gets", "result", "hit"));
    assertTrue(Double.isNaN(scripted.gauge("cache.size")));
    assertTrue(Double.isNaN(scripted.gauge("cache.capacity")));

    tier.statsFailing(false);
    tier.stats(new TierStats(6, 0, 2, 0, 0, 0, 0, 100, 2));
    assertEquals(6, scripted.count("cache.gets", "result", "hit"));
    assertEquals(2, scripted.gauge("cache.size"));
  }

  @Test
  void extraTagsAreAddedButCannotReplaceTheCacheTags() {
    CacheTier tier = memoryTier();
    CacheTierMetrics.monitor(registry, tier, "thumbnails", "region", "eu", "tier", "mine");

    Meter hits = meters.find("cache.gets", "result", "hit").functionCounter();
    assertEquals("eu", hits.getId().getTag("region"));
    assertEquals("memory", hits.getId().getTag("tier"));
    tier.close();
  }

  @Test
  void aBlankCacheNameIsRefusedByValue() {
    CacheTier tier = memoryTier();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CacheTierMetrics(tier, " ", List.<Tag>of()));
    assertEquals("cache name must not be blank: ' '", e.getMessage());
    tier.close();
  }

  @Test
  void bindingDoesNotKeepTheTierAlive() {
    WeakReference<CacheTier> collected = bindAndDrop();
    for (int i = 0; i < 100 && collected.get() != null; i++) {
      System.gc();
    }

    assertEquals(null, collected.get(), "the registry kept the tier alive");
    assertTrue(Double.isNaN(meters.gauge("cache.size")));
    assertEquals(1, meters.count("cache.gets", "result", "miss"), "a counter keeps its last value");
  }

  /** Binds a tier that nothing else references, and reads a counter once so it has a value. */
  private WeakReference<CacheTier> bindAndDrop() {
    CacheTier tier = CacheTierMetrics.monitor(registry, memoryTier(), "thumbnails");
    tier.get(ContentKey.sha256(content(1, 1)));
    assertEquals(1, meters.count("cache.gets", "result", "miss"));
    tier.close();
    return new WeakReference<>(tier);
  }
}
