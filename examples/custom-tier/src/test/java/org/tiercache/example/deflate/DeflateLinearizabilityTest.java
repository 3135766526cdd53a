package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LinearizabilityContract;

/** The kit's {@link LinearizabilityContract}, held against the {@code deflate} tier. */
final class DeflateLinearizabilityTest extends LinearizabilityContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new DeflateTierProvider().create(config);
  }
}
