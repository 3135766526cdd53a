package org.tiercache.tck;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;

/**
 * The racy tier with no race switched on meets every rule of {@link LinearizabilityContract}: the
 * failures of its racy variants come from their races.
 */
final class UnracedTierLinearizabilityTest extends LinearizabilityContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new RacyTier(config);
  }
}
