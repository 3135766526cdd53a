package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.SizeContract;

/** The kit's size rules hold for a stack of one memory tier. */
final class MemoryStackSizeTest extends SizeContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryOnly(config);
  }
}
