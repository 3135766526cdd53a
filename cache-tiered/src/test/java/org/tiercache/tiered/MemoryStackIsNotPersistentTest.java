package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.PersistenceContract;

/** The kit's persistence rules hold for a stack of one memory tier. */
final class MemoryStackPersistenceTest extends PersistenceContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryOnly(config);
  }
}
