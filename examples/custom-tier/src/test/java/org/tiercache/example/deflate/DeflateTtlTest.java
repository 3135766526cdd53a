package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.TtlContract;

/** The kit's {@link TtlContract}, held against the {@code deflate} tier. */
final class DeflateTtlTest extends TtlContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new DeflateTierProvider().create(config);
  }
}
