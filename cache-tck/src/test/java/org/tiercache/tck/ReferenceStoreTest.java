package org.tiercache.tck;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;

/** The reference tier meets every rule of {@link StoreContract}. */
final class ReferenceStoreTest extends StoreContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new ReferenceTier("reference", config);
  }
}
