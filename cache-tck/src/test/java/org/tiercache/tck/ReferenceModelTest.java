package org.tiercache.tck;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;

/** The reference tier agrees with the kit's reference model ({@link ModelContract}). */
final class ReferenceModelTest extends ModelContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new ReferenceTier("reference", config);
  }

  @Override
  protected boolean promisesEvictionListener() {
    return true;
  }
}
