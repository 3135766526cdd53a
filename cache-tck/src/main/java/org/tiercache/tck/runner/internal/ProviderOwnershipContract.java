package org.tiercache.tck.runner.internal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.OwnershipContract;

/**
 * The ownership rules, run by the runner against the provider bound in {@link ProviderUnderTest},
 * for a tier whose settings keep its storage in the test's scratch folder.
 */
public final class ProviderOwnershipContract extends OwnershipContract {
  @TempDir Path scratchDir;

  /** Instantiated by JUnit. */
  public ProviderOwnershipContract() {}

  @Override
  protected CacheTier createTier(TierConfig config) {
    return ProviderUnderTest.create(config, scratchDir);
  }

  @Override
  protected Path storageFolder() {
    return ProviderUnderTest.storageFolder(scratchDir);
  }
}
