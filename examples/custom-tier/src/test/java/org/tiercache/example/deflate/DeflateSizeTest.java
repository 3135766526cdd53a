package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.SizeContract;

/** The kit's {@link SizeContract}, held against the {@code deflate} tier. */
final class DeflateSizeTest extends SizeContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new DeflateTierProvider().create(config);
  }
}
