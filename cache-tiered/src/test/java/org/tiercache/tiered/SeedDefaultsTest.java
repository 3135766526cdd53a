package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/** The preset reproduces the original Python cache's defaults. */
final class SeedDefaultsTest {
  @TempDir Path dir;

  @Test
  void memoryTakesContentBelow100KbAndDiskTheRest() {
    try (TieredCache cache = TieredCache.seedDefaults(dir).build()) {
      List<TierReport> tiers = cache.tierStats();
      assertEquals("memory", tiers.get(0).name());
      assertEquals(SizeRule.below(100 * 1024), tiers.get(0).rule());
      assertEquals("disk", tiers.get(1).name());
      assertEquals(SizeRule.atLeast(100 * 1024), tiers.get(1).rule());
      assertEquals((50L << 20) + (500L << 20), cache.capacityBytes());

      byte[] small = MockTiers.content(100 * 1024 - 1);
      byte[] large = MockTiers.content(100 * 1024);
      assertTrue(cache.put(ContentKey.sha256(small), small));
      assertTrue(cache.put(ContentKey.sha256(large), large));
      assertEquals(1, cache.tierStats().get(0).stats().entryCount());
      assertEquals(1, cache.tierStats().get(1).stats().entryCount());
      assertArrayEquals(large, cache.getBytes(ContentKey.sha256(large)));
    }
  }

  @Test
  void largeContentSurvivesARestartAndSmallContentDoesNotAsInTheSeed() {
    byte[] small = MockTiers.content(1000);
    byte[] large = MockTiers.content(200 * 1024);
    try (TieredCache cache = TieredCache.seedDefaults(dir).build()) {
      cache.put(ContentKey.sha256(small), small);
      cache.put(ContentKey.sha256(large), large);
    }
    try (TieredCache reopened = TieredCache.seedDefaults(dir).build()) {
      assertFalse(reopened.contains(ContentKey.sha256(small)));
      assertArrayEquals(large, reopened.getBytes(ContentKey.sha256(large)));
    }
  }

  @Test
  void writeThroughOnTheSeedShapeKeepsSmallContentAcrossARestart() {
    byte[] small = MockTiers.content(1000);
    try (TieredCache cache = TieredCache.builder()
        .tier(SizeRule.below("100KB"), "memory", TierConfig.parse("capacity=50MB"))
        .tier(SizeRule.any(), "disk",
            TierConfig.builder().set("dir", dir.toString()).build())
        .writeThrough(true)
        .build()) {
      cache.put(ContentKey.sha256(small), small);
      assertEquals(2, cache.entryCount(), "held by both tiers");
    }
    try (TieredCache reopened = TieredCache.builder()
        .tier(SizeRule.below("100KB"), "memory", TierConfig.parse("capacity=50MB"))
        .tier(SizeRule.any(), "disk",
            TierConfig.builder().set("dir", dir.toString()).build())
        .build()) {
      assertArrayEquals(small, reopened.getBytes(ContentKey.sha256(small)));
      assertEquals(1, reopened.tierStats().get(0).stats().entryCount(),
          "the disk hit was promoted to memory");
    }
  }
}
