package org.tiercache.memory;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;
import org.tiercache.tck.StatsContract;

/** The compatibility kit's stats rules, run against the memory tier. */
final class MemoryTierStatsTest extends StatsContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new MemoryTierProvider().create(config);
  }
}
