package org.tiercache.disk;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ConcurrencyContract;
import org.tiercache.tck.CrashContract;
import org.tiercache.tck.OwnershipContract;
import org.tiercache.tck.PersistenceContract;
import org.tiercache.tck.SizeContract;
import org.tiercache.tck.StoreContract;
import org.tiercache.testlog.CapturedLog;

/**
 * The compatibility kit's rules where how content is stored matters, with every entry a file of its
 * own ({@code pack.below=0}): the kit's content is small, so under the default settings it is all
 * packed into segments (the {@code Disk*ContractTest} classes), and files of their own would
 * otherwise meet the kit nowhere. The rules about the index alone (LRU, TTL, statistics, listing,
 * the model) do not depend on it and run once, on the default.
 */
final class DiskFilePerEntryContractsTest {
  static final String FILES = "0";

  @TempDir
  Path dir;

  CacheTier files(TierConfig config) {
    return DiskTiers.open(config.toBuilder().set("pack.below", FILES).build(), dir);
  }

  @Nested
  final class Store extends StoreContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return files(config);
    }
  }

  @Nested
  final class Size extends SizeContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return files(config);
    }
  }

  @Nested
  final class Concurrency extends ConcurrencyContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return files(config);
    }
  }

  @Nested
  final class Persistence extends PersistenceContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return files(config);
    }
  }

  @Nested
  final class Crash extends CrashContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return files(config);
    }

    @Override
    protected Map<String, String> crashSettings(CacheTierProvider provider, Path scratchDir) {
      Map<String, String> settings = new HashMap<>(provider.scratchSettings(scratchDir));
      settings.put("pack.below", FILES);
      return settings;
    }
  }

  @Nested
  @ExtendWith(CapturedLog.class)
  final class Ownership extends OwnershipContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return files(config);
    }

    @Override
    protected Path storageFolder() {
      return dir;
    }

    /**
     * The kit plants foreign files and links on purpose: the tier must say what it left alone (in
     * its folder and {@code tmp}), and that it dropped an entry whose two-digit folder a link
     * replaced.
     */
    @AfterEach
    void theTierWarnedOfWhatWasPlanted(TestInfo test, CapturedLog log) {
      switch (test.getTestMethod().orElseThrow().getName()) {
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
