package org.tiercache.tck.runner.internal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LifetimeStatsContract;

/** The lifetime statistics rules, run by the runner against the provider bound in {@link
 * ProviderUnderTest}. */
public final class ProviderLifetimeStatsContract extends LifetimeStatsContract {
  // One folder per test, shared by every tier the test opens (a reopen must find the same storage);
  // JUnit deletes it after the suite has closed those tiers.
  @TempDir Path scratchDir;

  /** Instantiated by JUnit. */
  public ProviderLifetimeStatsContract() {}

  @Override
  protected CacheTier createTier(TierConfig config) {
    return ProviderUnderTest.create(config, scratchDir);
  }
}
