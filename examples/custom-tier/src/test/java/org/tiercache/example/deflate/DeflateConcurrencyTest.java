package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ConcurrencyContract;

/** The kit's {@link ConcurrencyContract}, held against the {@code deflate} tier. */
final class DeflateConcurrencyTest extends ConcurrencyContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new DeflateTierProvider().create(config);
  }
}
