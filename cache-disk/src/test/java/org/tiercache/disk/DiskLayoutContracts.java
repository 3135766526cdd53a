package org.tiercache.disk;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ConcurrencyContract;
import org.tiercache.tck.CrashContract;
import org.tiercache.tck.PersistenceContract;
import org.tiercache.tck.SizeContract;
import org.tiercache.tck.StoreContract;

/**
 * The compatibility kit's rules where how content is stored matters (store, size, concurrency,
 * persistence, crash), run against the disk tier with a layout's {@link #settings} over the kit's,
 * each test in a fresh folder. A subclass names the layout and adds the suites it needs beside.
 */
abstract class DiskLayoutContracts {
  @TempDir
  Path dir;

  /** The layout's settings, set over the kit's on every tier opened, the crash child's included. */
  abstract Map<String, String> settings();

  CacheTier layoutTier(TierConfig config) {
    return DiskTiers.open(config, dir, settings());
  }

  @Nested
  final class Store extends StoreContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return layoutTier(config);
    }
  }

  @Nested
  final class Size extends SizeContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return layoutTier(config);
    }
  }

  @Nested
  final class Concurrency extends ConcurrencyContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return layoutTier(config);
    }
  }

  @Nested
  final class Persistence extends PersistenceContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return layoutTier(config);
    }
  }

  @Nested
  final class Crash extends CrashContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return layoutTier(config);
    }

    @Override
    protected Map<String, String> crashSettings(CacheTierProvider provider, Path scratchDir) {
      return DiskTiers.crashSettings(provider, scratchDir, settings());
    }
  }
}
