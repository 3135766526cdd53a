package org.tiercache.disk;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LifetimeStatsContract;

/** The compatibility kit's lifetime statistics rules, run against the disk tier in a fresh folder per test. */
final class DiskLifetimeStatsContractTest extends LifetimeStatsContract {
  @TempDir
  Path dir;

  @Override
  protected CacheTier createTier(TierConfig config) {
    return DiskTiers.open(config, dir);
  }
}
