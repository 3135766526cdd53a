package org.tiercache.disk;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LinearizabilityContract;

/**
 * The compatibility kit's linearizability rules, run against the disk tier in a fresh folder per
 * test (reopened and cleared for every interleaving the model checker explores).
 */
final class DiskLinearizabilityContractTest extends LinearizabilityContract {
  @TempDir
  Path dir;

  @Override
  protected CacheTier createTier(TierConfig config) {
    return DiskTiers.open(config, dir);
  }
}
