package org.tiercache.tck;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;

/**
 * The reference tier meets every rule of {@link LinearizabilityContract}: the suite's model agrees
 * with the tier the kit's other suites are checked against.
 *
 * <p>The reference tier holds one lock for every call, so every interleaving gives the outcome of
 * some order by construction: what this test can catch is a model that disagrees with it, which the
 * kit's own scenarios show without lincheck's random ones and with fewer interleavings each, keeping
 * the build short. The racy tiers' control, {@link UnracedTierLinearizabilityTest}, keeps the
 * defaults their races are caught with.
 */
final class ReferenceLinearizabilityTest extends LinearizabilityContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new ReferenceTier("reference", config);
  }

  @Override
  protected int linearizabilityRandomScenarios() {
    return 0;
  }

  @Override
  protected int linearizabilityInvocations() {
    return 100;
  }
}
