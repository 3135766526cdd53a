package org.tiercache.memory;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;
import org.tiercache.tck.ConcurrencyContract;

/** The compatibility kit's concurrency rules, run against the memory tier. */
final class MemoryTierConcurrencyTest extends ConcurrencyContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new MemoryTierProvider().create(config);
  }
}
