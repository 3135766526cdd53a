package org.tiercache.failingtier;

import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/** Would make {@code failing} tiers; its constructor throws, so ServiceLoader cannot make it. */
public final class FailingTierProvider implements CacheTierProvider {
  /** Throws, as a provider that reads a missing licence file in its constructor would. */
  public FailingTierProvider() {
    throw new IllegalStateException("licence file /etc/failing-tier.lic is missing");
  }

  @Override
  public String id() {
    return "failing";
  }

  @Override
  public CacheTier create(TierConfig config) {
    throw new UnsupportedOperationException("never reached: the constructor throws");
  }
}
