package org.tiercache.memory;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;
import org.tiercache.tck.EvictionListenerContract;

/** The compatibility kit's eviction listener rules, run against the memory tier. */
final class MemoryTierEvictionListenerTest extends EvictionListenerContract {
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
