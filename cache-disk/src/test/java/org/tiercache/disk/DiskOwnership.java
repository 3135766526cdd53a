package org.tiercache.disk;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.OwnershipContract;
import org.tiercache.testlog.CapturedLog;

/**
 * The compatibility kit's ownership rules against the disk tier with a layout's {@link #settings}:
 * the tier touches only what it made in its folder and never follows a link there. The kit plants
 * foreign files and links on purpose, so after each test the layout claims the warnings the tier
 * must have logged about them ({@link #expectWarnings}).
 */
@ExtendWith(CapturedLog.class)
abstract class DiskOwnership extends OwnershipContract {
  @TempDir
  Path dir;

  /** The layout's settings, set over the kit's. */
  abstract Map<String, String> settings();

  /** Claims the warnings the tier must have logged in the kit's test {@code test}, if any. */
  abstract void expectWarnings(String test, CapturedLog log);

  @Override
  protected CacheTier createTier(TierConfig config) {
    return DiskTiers.open(config, dir, settings());
  }

  @Override
  protected Path storageFolder() {
    return dir;
  }

  @AfterEach
  void theTierWarnedOfWhatWasPlanted(TestInfo test, CapturedLog log) {
    expectWarnings(test.getTestMethod().orElseThrow().getName(), log);
  }
}
