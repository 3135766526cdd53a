package org.tiercache.disk;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.PersistenceContract;

/** The compatibility kit's persistence rules, run against the disk tier in a fresh folder per test. */
final class DiskPersistenceContractTest extends PersistenceContract {
  @TempDir
  Path dir;

  @Override
  protected CacheTier createTier(TierConfig config) {
    return DiskTiers.open(config, dir);
  }
}
