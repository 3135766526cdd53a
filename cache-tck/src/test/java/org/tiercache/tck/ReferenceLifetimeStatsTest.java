package org.tiercache.tck;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;

/** The persistent reference tier meets every rule of {@link LifetimeStatsContract}. */
final class ReferenceLifetimeStatsTest extends LifetimeStatsContract {
  // An equal configuration opens the same storage, as the hook's contract asks.
  private final Map<TierConfig, ReferenceStorage> storage = new HashMap<>();

  @Override
  protected CacheTier createTier(TierConfig config) {
    return new ReferenceTier("reference", config,
        storage.computeIfAbsent(config, c -> new ReferenceStorage()), Set.of());
  }
}
