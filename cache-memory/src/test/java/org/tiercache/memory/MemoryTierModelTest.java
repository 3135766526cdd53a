package org.tiercache.memory;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;
import org.tiercache.tck.ModelContract;

/** The compatibility kit's model-based sequences, run against the memory tier. */
final class MemoryTierModelTest extends ModelContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new MemoryTierProvider().create(config);
  }

  /** The memory tier documents that it tells its listener of every entry evicted for room. */
  @Override
  protected boolean promisesEvictionListener() {
    return true;
  }
}
