package org.tiercache.tck;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;

/** The reference tier meets every rule of {@link LinearizabilityContract}. */
final class ReferenceLinearizabilityTest extends LinearizabilityContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new ReferenceTier("reference", config);
  }
}
