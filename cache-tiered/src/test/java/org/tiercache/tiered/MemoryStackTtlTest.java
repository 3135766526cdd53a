package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.TtlContract;

/** The kit's ttl rules hold for a stack of one memory tier. */
final class MemoryStackTtlTest extends TtlContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryOnly(config);
  }
}
