package org.tiercache.disk;

import java.util.Map;
import org.slf4j.event.Level;
import org.tiercache.testlog.CapturedLog;

/**
 * The compatibility kit's ownership rules on the default settings, under which the kit's content is
 * packed into segments; {@code DiskFilePerEntryContractsTest.Ownership} runs them with a file per
 * entry.
 */
final class DiskOwnershipContractTest extends DiskOwnership {
  @Override
  Map<String, String> settings() {
    return Map.of();
  }

  /**
   * The tier must say what it left alone (two files each in {@code tmp} and {@code segments}), and
   * that it did not write its counters through the link that replaced {@code tmp}. (Its segments
   * stay open, so a link in place of {@code segments} is never opened while it runs.)
   */
  @Override
  void expectWarnings(String test, CapturedLog log) {
    switch (test) {
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
