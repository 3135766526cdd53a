package org.tiercache.tiered;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LinearizabilityContract;

/** The kit's linearizability rules against a memory + disk stack of the seed's shape. */
final class MemoryDiskStackLinearizabilityTest extends LinearizabilityContract {
  @TempDir Path dir;

  @Override
  protected CacheTier createTier(TierConfig config) {
    return KitStacks.memoryAndDisk(config, dir);
  }
}
