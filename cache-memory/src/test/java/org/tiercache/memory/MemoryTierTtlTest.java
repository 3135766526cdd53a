package org.tiercache.memory;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;
import org.tiercache.tck.TtlContract;

/** The compatibility kit's ttl rules, run against the memory tier. */
final class MemoryTierTtlTest extends TtlContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new MemoryTierProvider().create(config);
  }
}
