package org.tiercache.disk;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ConcurrencyContract;
import org.tiercache.tck.CrashContract;
import org.tiercache.tck.ListingContract;
import org.tiercache.tck.LruContract;
import org.tiercache.tck.ModelContract;
import org.tiercache.tck.PersistenceContract;
import org.tiercache.tck.SizeContract;
import org.tiercache.tck.StatsContract;
import org.tiercache.tck.StoreContract;
import org.tiercache.tck.TtlContract;

/**
 * The compatibility kit's rules again, with small content packed into segment files
 * ({@code pack.below}): every kit test's content is small, so here every entry is packed. Tiny
 * segments ({@code segment.size=1MB}) make the tests cross from one segment to the next and free
 * emptied ones.
 */
final class DiskPackedContractsTest {
  static final String PACK_BELOW = "1MB";
  static final String SEGMENT_SIZE = "1MB";

  @TempDir
  Path dir;

  CacheTier packed(TierConfig config) {
    return DiskTiers.open(config.toBuilder().set("pack.below", PACK_BELOW)
        .set("segment.size", SEGMENT_SIZE).build(), dir);
  }

  @Nested
  final class Lru extends LruContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return packed(config);
    }
  }

  @Nested
  final class Ttl extends TtlContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return packed(config);
    }
  }

  @Nested
  final class Size extends SizeContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return packed(config);
    }
  }

  @Nested
  final class Stats extends StatsContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return packed(config);
    }
  }

  @Nested
  final class Store extends StoreContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return packed(config);
    }
  }

  @Nested
  final class Listing extends ListingContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return packed(config);
    }
  }

  @Nested
  final class Model extends ModelContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return packed(config);
    }
  }

  @Nested
  final class Concurrency extends ConcurrencyContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return packed(config);
    }
  }

  @Nested
  final class Persistence extends PersistenceContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return packed(config);
    }
  }

  @Nested
  final class Crash extends CrashContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return packed(config);
    }

    @Override
    protected Map<String, String> crashSettings(CacheTierProvider provider, Path scratchDir) {
      Map<String, String> settings = new HashMap<>(provider.scratchSettings(scratchDir));
      settings.put("pack.below", PACK_BELOW);
      settings.put("segment.size", SEGMENT_SIZE);
      return settings;
    }
  }
}
