package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LinearizabilityContract;

/**
 * The kit's linearizability rules hold for a stack of one memory tier.
 *
 * <p>Each interleaving opens a stack through ServiceLoader, and lincheck instruments the composer
 * as well as the memory tier below it: with the kit's defaults the class took 17 minutes at a load
 * average of 30 on 2 cores. So only the kit's own five scenarios run, 100 interleavings each; the
 * memory tier itself is checked with the defaults in its module.
 */
final class MemoryStackLinearizabilityTest extends LinearizabilityContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryOnly(config);
  }

  @Override
  protected int linearizabilityRandomScenarios() {
    return 0;
  }

  @Override
  protected int linearizabilityInvocations() {
    return 100;
  }
}
