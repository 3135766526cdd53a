package org.tiercache.tiered;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.PersistenceContract;

/** The kit's persistence rules against a memory + disk stack of the seed's shape. */
final class MemoryDiskStackPersistenceTest extends PersistenceContract {
  @TempDir Path dir;

  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryAndDisk(config, dir);
  }
}
