package org.tiercache.disk;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.CrashContract;

/** The compatibility kit's crash rule: a killed writing process leaves only whole entries. */
final class DiskCrashContractTest extends CrashContract {
  @TempDir Path dir;

  @Override
  protected CacheTier createTier(TierConfig config) {
    return DiskTiers.open(config, dir);
  }
}
