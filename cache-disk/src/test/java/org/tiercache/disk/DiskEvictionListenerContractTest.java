package org.tiercache.disk;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.EvictionListenerContract;

/**
 * The compatibility kit's eviction listener rules, run against the disk tier in a fresh folder per
 * test: skipped as not applicable, since the disk tier hands back no evicted content and so ignores
 * a listener, as {@code TierConfig.evictionListener()} allows.
 */
final class DiskEvictionListenerContractTest extends EvictionListenerContract {
  @TempDir
  Path dir;

  @Override
  protected CacheTier createTier(TierConfig config) {
    return DiskTiers.open(config, dir);
  }
}
