package org.tiercache.disk;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.slf4j.event.Level;
import org.tiercache.testlog.CapturedLog;

/**
 * The compatibility kit's rules where how content is stored matters, with every entry a file of its
 * own ({@code pack.below=0}): the kit's content is small, so under the default settings it is all
 * packed into segments (the {@code Disk*ContractTest} classes), and files of their own would
 * otherwise meet the kit nowhere. The rules about the index alone (LRU, TTL, statistics, listing,
 * the model) do not depend on it and run once, on the default.
 */
final class DiskFilePerEntryContractsTest extends DiskLayoutContracts {
  @Override
  Map<String, String> settings() {
    return DiskTiers.FILES;
  }

  @Nested
  final class Ownership extends DiskOwnership {
    @Override
    Map<String, String> settings() {
      return DiskTiers.FILES;
    }

    /**
     * The tier must say what it left alone (in its folder and {@code tmp}), and that it dropped an
     * entry whose two-digit folder a link replaced.
     */
    @Override
    void expectWarnings(String test, CapturedLog log) {
      switch (test) {
        case "foreignFilesPlantedInTheFolderSurviveEveryOperation" ->
            log.expect(Level.WARN, "left 2 entries in disk tier folder " + dir, "kit-planted");
        case "linksPlantedWhileTheTierRunsAreNeverFollowed" -> {
          log.expectAll(Level.WARN, "content sha256:", "(" + dir, ") is damaged");
          log.expectAll(Level.WARN, "left " + dir, "is a symbolic link");
        }
        default -> { }
      }
    }
  }
}
