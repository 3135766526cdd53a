package org.tiercache.tck;

import java.util.Set;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/** Provides the correct, non-persistent {@link ReferenceTier} as {@code reference}. */
public final class ReferenceTierProvider implements CacheTierProvider {
  /** Called by ServiceLoader. */
  public ReferenceTierProvider() {}

  @Override
  public String id() {
    return "reference";
  }

  @Override
  public CacheTier create(TierConfig config) {
    return new ReferenceTier(id(), config.requireOnly(id(), Set.of()));
  }
}
