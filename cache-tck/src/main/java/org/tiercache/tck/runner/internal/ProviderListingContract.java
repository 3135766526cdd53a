package org.tiercache.tck.runner.internal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ListingContract;

/** The listing rules, run by the runner against the provider bound in {@link ProviderUnderTest}. */
public final class ProviderListingContract extends ListingContract {
  // One folder per test, shared by every tier the test opens; JUnit deletes it after the suite has
  // closed those tiers.
  @TempDir Path scratchDir;

  /** Instantiated by JUnit. */
  public ProviderListingContract() {}

  @Override
  protected CacheTier createTier(TierConfig config) {
    return ProviderUnderTest.create(config, scratchDir);
  }

  /** Any name: the provider may make a stack, whose listing names its inner tiers. */
  @Override
  protected String listedTier(CacheTier tier, long sizeBytes) {
    return null;
  }
}
