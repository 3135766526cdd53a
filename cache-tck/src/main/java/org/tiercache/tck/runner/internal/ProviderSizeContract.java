package org.tiercache.tck.runner.internal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.SizeContract;

/** The size rules, run by the runner against the provider bound in {@link ProviderUnderTest}. */
public final class ProviderSizeContract extends SizeContract {
  // One folder per test, shared by every tier the test opens (a reopen must find the same storage);
  // JUnit deletes it after the suite has closed those tiers.
  @TempDir Path scratchDir;

  /** Instantiated by JUnit. */
  public ProviderSizeContract() {}

  @Override
  protected CacheTier createTier(TierConfig config) {
    return ProviderUnderTest.create(config, scratchDir);
  }
}
