package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.StatsContract;

/** The kit's {@link StatsContract}, held against the {@code deflate} tier. */
final class DeflateStatsTest extends StatsContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new DeflateTierProvider().create(config);
  }
}
