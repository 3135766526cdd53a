package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LinearizabilityContract;

/** The kit's linearizability rules hold for a stack of one memory tier. */
final class MemoryStackLinearizabilityTest extends LinearizabilityContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryOnly(config);
  }
}
