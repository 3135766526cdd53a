package org.tiercache.tck;

import java.util.Set;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/** Provides a {@link ReferenceTier} whose gets do not refresh recency, as {@code broken-fifo}. */
public final class BrokenFifoTierProvider implements CacheTierProvider {
  /** Called by ServiceLoader. */
  public BrokenFifoTierProvider() {}

  @Override
  public String id() {
    return "broken-fifo";
  }

  @Override
  public CacheTier create(TierConfig config) {
    return new ReferenceTier(id(), config.requireOnly(id(), Set.of()), null,
        Set.of(ReferenceTier.Flaw.FIFO));
  }
}
