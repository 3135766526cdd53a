package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.EvictionListenerContract;

/** The kit's {@link EvictionListenerContract}, held against the {@code deflate} tier. */
final class DeflateEvictionListenerTest extends EvictionListenerContract {
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
