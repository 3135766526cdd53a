package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ModelContract;

/** The kit's {@link ModelContract}, held against the {@code deflate} tier. */
final class DeflateModelTest extends ModelContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new DeflateTierProvider().create(config);
  }

  /** The deflate tier tells its listener of every entry evicted for room. */
  @Override
  protected boolean promisesEvictionListener() {
    return true;
  }
}
