package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LruContract;

/** The kit's {@link LruContract}, held against the {@code deflate} tier. */
final class DeflateLruTest extends LruContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new DeflateTierProvider().create(config);
  }
}
