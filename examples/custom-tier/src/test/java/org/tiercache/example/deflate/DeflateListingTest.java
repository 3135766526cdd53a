package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ListingContract;

/** The kit's {@link ListingContract}, held against the {@code deflate} tier. */
final class DeflateListingTest extends ListingContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new DeflateTierProvider().create(config);
  }
}
