package org.tiercache.disk;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.OwnershipContract;

/**
 * The compatibility kit's ownership rules: the disk tier touches only what it made in its folder
 * and never follows a link there.
 */
final class DiskOwnershipContractTest extends OwnershipContract {
  @TempDir Path dir;

  @Override
  protected CacheTier createTier(TierConfig config) {
    return DiskTiers.open(config, dir);
  }

  @Override
  protected Path storageFolder() {
    return dir;
  }
}
