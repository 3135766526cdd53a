package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.StatsContract;

/** The kit's stats rules hold for a stack of one memory tier. */
final class MemoryStackStatsTest extends StatsContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryOnly(config);
  }
}
