package org.tiercache.memory;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;
import org.tiercache.tck.LruContract;

/** The compatibility kit's lru rules, run against the memory tier. */
final class MemoryTierLruTest extends LruContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new MemoryTierProvider().create(config);
  }
}
