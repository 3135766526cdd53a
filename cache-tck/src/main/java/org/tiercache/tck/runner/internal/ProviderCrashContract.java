package org.tiercache.tck.runner.internal;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.CrashContract;

/** The crash rule, run by the runner against the provider bound in {@link ProviderUnderTest}. */
public final class ProviderCrashContract extends CrashContract {
  @TempDir Path scratchDir;

  /** Instantiated by JUnit. */
  public ProviderCrashContract() {}

  @Override
  protected CacheTier createTier(TierConfig config) {
    return ProviderUnderTest.create(config, scratchDir);
  }

  @Override
  protected Map<String, String> crashSettings(CacheTierProvider provider, Path dir) {
    return ProviderUnderTest.settings(provider, dir);
  }
}
