package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

final class TieredTierProviderTest {

  @Test
  void serviceLoaderFindsTheStackById() {
    try (CacheTier stack = TierDiscovery.scan().provider("tiered")
        .create(TierConfig.parse("capacity=1KB ttl=5m"))) {
      assertEquals("tiered", stack.id());
      assertEquals(1024, stack.capacityBytes());
      byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
      ContentKey key = ContentKey.sha256(content);
      assertTrue(stack.put(key, content));
      assertArrayEquals(content, stack.getBytes(key));
    }
  }

  @Test
  void specSettingBuildsAWholeStack(@TempDir Path dir) {
    TierConfig config = TierConfig.builder()
        .set("spec", "memory(capacity=1MB) < 4KB ; disk(dir=" + dir + ",capacity=2MB)").build();
    try (CacheTier stack = TierDiscovery.scan().provider("tiered").create(config)) {
      assertEquals(3L << 20, stack.capacityBytes());
      assertEquals(2, ((TieredCache) stack).tierStats().size());
    }
  }

  @Test
  void capacityBesideSpecIsRefusedNamingTheSpec() {
    TierConfig config = TierConfig.builder().capacity(10).set("spec", "memory").build();
    CacheException e = assertThrows(CacheException.class,
        () -> TierDiscovery.scan().provider("tiered").create(config));
    assertTrue(e.getMessage().contains("'memory'"), e.getMessage());
  }

  @Test
  void innerTierRefusesSettingsItDoesNotKnow() {
    CacheException e = assertThrows(CacheException.class,
        () -> TierDiscovery.scan().provider("tiered").create(TierConfig.parse("colour=blue")));
    assertTrue(e.getMessage().contains("'colour'"), e.getMessage());
  }

  @Test
  void unknownInnerIdListsTheIdsFound() {
    CacheException e = assertThrows(CacheException.class,
        () -> TierDiscovery.scan().provider("tiered").create(TierConfig.parse("inner=nope")));
    assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("memory"),
        e.getMessage());
  }
}
