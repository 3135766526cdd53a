package org.tiercache.tck;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;

/** The reference tier meets every rule of {@link EvictionListenerContract}. */
final class ReferenceEvictionListenerTest extends EvictionListenerContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new ReferenceTier("reference", config);
  }

  @Override
  protected boolean promisesEvictionListener() {
    return true;
  }
}
