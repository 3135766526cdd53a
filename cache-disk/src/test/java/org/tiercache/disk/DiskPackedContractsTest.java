package org.tiercache.disk;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ListingContract;
import org.tiercache.tck.LruContract;
import org.tiercache.tck.ModelContract;
import org.tiercache.tck.StatsContract;
import org.tiercache.tck.TtlContract;

/**
 * The compatibility kit's rules again, with small content packed into segment files
 * ({@code pack.below}): every kit test's content is small, so here every entry is packed. Tiny
 * segments ({@code segment.size=1MB}) make the tests cross from one segment to the next and free
 * emptied ones. Beside the layout's suites, the index's own (LRU, TTL, statistics, listing, the
 * model) run here too.
 */
final class DiskPackedContractsTest extends DiskLayoutContracts {
  @Override
  Map<String, String> settings() {
    return DiskTiers.PACKED_IN_SMALL_SEGMENTS;
  }

  @Nested
  final class Lru extends LruContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return layoutTier(config);
    }
  }

  @Nested
  final class Ttl extends TtlContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return layoutTier(config);
    }
  }

  @Nested
  final class Stats extends StatsContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return layoutTier(config);
    }
  }

  @Nested
  final class Listing extends ListingContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return layoutTier(config);
    }
  }

  @Nested
  final class Model extends ModelContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return layoutTier(config);
    }
  }
}
