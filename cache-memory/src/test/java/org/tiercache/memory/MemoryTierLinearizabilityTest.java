package org.tiercache.memory;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;
import org.tiercache.tck.LinearizabilityContract;

/** The compatibility kit's linearizability rules, run against the memory tier. */
final class MemoryTierLinearizabilityTest extends LinearizabilityContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new MemoryTierProvider().create(config);
  }
}
