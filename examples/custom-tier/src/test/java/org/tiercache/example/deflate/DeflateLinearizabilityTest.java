package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LinearizabilityContract;

/**
 * The kit's {@link LinearizabilityContract}, held against the {@code deflate} tier: the kit's own
 * five scenarios, 100 interleavings each, since lincheck instruments the deflater too and the
 * defaults took over four minutes on 2 cores (a tier's own build chooses this trade).
 */
final class DeflateLinearizabilityTest extends LinearizabilityContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new DeflateTierProvider().create(config);
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
