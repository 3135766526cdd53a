package org.tiercache.tiered;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ListingContract;

/** The kit's listing rules against a stack of one memory tier: entries are named by that tier. */
final class MemoryStackListingTest extends ListingContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryOnly(config);
  }

  @Override
  protected String listedTier(CacheTier tier, long sizeBytes) {
    return "memory";
  }
}
