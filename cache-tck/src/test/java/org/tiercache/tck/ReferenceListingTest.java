package org.tiercache.tck;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;

/** The reference tier meets every rule of {@link ListingContract}. */
final class ReferenceListingTest extends ListingContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new ReferenceTier("reference", config);
  }
}
