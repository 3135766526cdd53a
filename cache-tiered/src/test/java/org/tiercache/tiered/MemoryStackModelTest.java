package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ModelContract;

/** The kit's model-based sequences hold for a stack of one memory tier. */
final class MemoryStackModelTest extends ModelContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryOnly(config);
  }

  /** The stack hands its listener to its memory tier, which tells it of every eviction. */
  @Override
  protected boolean promisesEvictionListener() {
    return true;
  }
}
