package org.tiercache.disk;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.OwnershipContract;
import org.tiercache.testlog.CapturedLog;

/**
 * The compatibility kit's ownership rules: the disk tier touches only what it made in its folder
 * and never follows a link there. Under the default settings the kit's content is packed into
 * segments; {@code DiskFilePerEntryContractsTest.Ownership} runs the rules with a file per entry.
 */
@ExtendWith(CapturedLog.class)
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

  /**
   * The kit plants foreign files and links on purpose: the tier must say what it left alone (two
   * files each in {@code tmp} and {@code segments}), and that it did not write its counters
   * through the link that replaced {@code tmp}. (Its segments stay open, so a link in place of
   * {@code segments} is never opened while it runs.)
   */
  @AfterEach
  void theTierWarnedOfWhatWasPlanted(TestInfo test, CapturedLog log) {
    switch (test.getTestMethod().orElseThrow().getName()) {
      case "foreignFilesPlantedInTheFolderSurviveEveryOperation" ->
          log.expect(Level.WARN, "left 4 entries in disk tier folder " + dir, "tmp/kit-planted",
              "segments/kit-planted");
      case "linksPlantedWhileTheTierRunsAreNeverFollowed" ->
          log.expectAll(Level.WARN, "cannot write the lifetime counts " + dir,
              "tmp: is a symbolic link");
      default -> { }
    }
  }
}
