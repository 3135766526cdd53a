package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.EvictionListenerContract;

/** The kit's eviction listener rules hold for a stack of one memory tier. */
final class MemoryStackEvictionListenerTest extends EvictionListenerContract {
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
