package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;

/**
 * The kit's persistence and crash rules apply to tiers that declare {@code PERSISTENT}. A memory +
 * disk stack of the seed's shape keeps small content in memory only, so it must not declare it,
 * although its disk tier does: a stack is persistent only if every tier is. Should it ever declare
 * it, this fails, and the suites must run instead.
 */
final class MemoryDiskStackIsNotPersistentTest {
  @TempDir Path dir;

  @Test
  void aMemoryAndDiskStackDoesNotDeclarePersistentThoughItsDiskTierDoes() {
    try (TieredCache stack = KitStacks.memoryAndDisk(TierConfig.parse("capacity=1MB"), dir)) {
      assertTrue(stack.tiers().get(1).capabilities().contains(TierCapability.PERSISTENT),
          "the disk tier is persistent");
      assertFalse(stack.capabilities().contains(TierCapability.PERSISTENT),
          stack.capabilities().toString());
    }
  }
}
