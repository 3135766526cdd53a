package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.StoreContract;

/** The kit's store rules hold for a stack of one memory tier. */
final class MemoryStackStoreTest extends StoreContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryOnly(config);
  }
}
