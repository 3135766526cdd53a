package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ConcurrencyContract;

/** The kit's concurrency rules hold for a stack of one memory tier. */
final class MemoryStackConcurrencyTest extends ConcurrencyContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryOnly(config);
  }
}
