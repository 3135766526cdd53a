package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;

/**
 * The kit's persistence and crash rules apply to tiers that declare {@code PERSISTENT}; a stack of
 * one memory tier must not declare it (its entries die with the process), so those suites have
 * nothing to check here. Should it ever declare it, this fails, and the suites must run instead.
 */
final class MemoryStackIsNotPersistentTest {
  @Test
  void aStackOfAMemoryTierDoesNotDeclarePersistent() {
    try (CacheTier stack = KitStacks.memoryOnly(TierConfig.parse("capacity=1MB"))) {
      assertFalse(stack.capabilities().contains(TierCapability.PERSISTENT),
          stack.capabilities().toString());
    }
  }
}
