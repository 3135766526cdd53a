package org.tiercache.tck;

import static org.tiercache.tck.ReferenceTier.withFlaws;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ReferenceTier.Flaw;

/**
 * Suites bound to deliberately broken tiers, run only through the JUnit Platform test kit by
 * {@link BrokenTiersAreCaughtTest}. Their names end in {@code Probe}, not {@code Test}, so that
 * Surefire does not run them on their own: they are meant to fail.
 */
final class BrokenTierProbes {
  private BrokenTierProbes() {}

  static final class FifoTierLruProbe extends LruContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.FIFO);
    }
  }

  static final class PutNotAUseTierLruProbe extends LruContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.PUT_NOT_A_USE);
    }
  }

  static final class ContainsIsAUseTierLruProbe extends LruContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.CONTAINS_IS_A_USE);
    }
  }

  static final class EvictsOneTooManyTierLruProbe extends LruContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.EVICTS_ONE_TOO_MANY);
    }
  }

  static final class OvershootTierSizeProbe extends SizeContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.OVERSHOOT);
    }
  }

  static final class OversizeAcceptedTierSizeProbe extends SizeContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.OVERSIZE_ACCEPTED);
    }
  }

  static final class AccountingDriftTierSizeProbe extends SizeContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.ACCOUNTING_DRIFT);
    }
  }

  static final class WritableGetBufferTierStoreProbe extends StoreContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.WRITABLE_GET_BUFFER);
    }
  }

  static final class NoCopyOnPutTierStoreProbe extends StoreContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.NO_COPY_ON_PUT);
    }
  }

  static final class NullKeyAcceptedTierStoreProbe extends StoreContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.NULL_KEY_ACCEPTED);
    }
  }

  static final class TtlOffByOneTierTtlProbe extends TtlContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.TTL_OFF_BY_ONE);
    }
  }

  static final class GetRenewsTtlTierTtlProbe extends TtlContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.GET_RENEWS_TTL);
    }
  }

  static final class ExpiredNotReclaimedFirstTierTtlProbe extends TtlContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.EXPIRED_NOT_RECLAIMED_FIRST);
    }
  }

  static final class EvictExpiredUncountedTierTtlProbe extends TtlContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.EVICT_EXPIRED_UNCOUNTED);
    }
  }

  static final class ContainsCountsAsGetTierStatsProbe extends StatsContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.CONTAINS_COUNTS_AS_GET);
    }
  }

  static final class ClearResetsStatsTierStatsProbe extends StatsContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.CLEAR_RESETS_STATS);
    }
  }

  static final class StreamNotCountedTierStatsProbe extends StatsContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.STREAM_NOT_COUNTED);
    }
  }

  static final class StreamNotCountedTierConcurrencyProbe extends ConcurrencyContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config, Flaw.STREAM_NOT_COUNTED);
    }
  }

  static final class ReopenForgetsRecencyTierPersistenceProbe extends PersistenceContract {
    private final Map<TierConfig, ReferenceStorage> storage = new HashMap<>();

    @Override
    protected CacheTier createTier(TierConfig config) {
      return new ReferenceTier("reference", config,
          storage.computeIfAbsent(config, c -> new ReferenceStorage()),
          Set.of(Flaw.REOPEN_FORGETS_RECENCY));
    }
  }

  static final class ReopenResetsAgesTierPersistenceProbe extends PersistenceContract {
    private final Map<TierConfig, ReferenceStorage> storage = new HashMap<>();

    @Override
    protected CacheTier createTier(TierConfig config) {
      return new ReferenceTier("reference", config,
          storage.computeIfAbsent(config, c -> new ReferenceStorage()),
          Set.of(Flaw.REOPEN_RESETS_AGES));
    }
  }

  static final class ReopenResetsLifetimeStatsTierLifetimeProbe extends LifetimeStatsContract {
    private final Map<TierConfig, ReferenceStorage> storage = new HashMap<>();

    @Override
    protected CacheTier createTier(TierConfig config) {
      return new ReferenceTier("reference", config,
          storage.computeIfAbsent(config, c -> new ReferenceStorage()),
          Set.of(Flaw.REOPEN_RESETS_LIFETIME_STATS));
    }
  }

  static final class DeletesForeignFilesTierOwnershipProbe extends OwnershipContract {
    @TempDir Path folder;

    @Override
    protected CacheTier createTier(TierConfig config) {
      return new ReferenceTier("reference", config,
          new FolderStorage(folder, Set.of(FolderStorage.Flaw.DELETES_FOREIGN_FILES)), Set.of());
    }

    @Override
    protected Path storageFolder() {
      return folder;
    }
  }

  static final class FollowsLinksTierOwnershipProbe extends OwnershipContract {
    @TempDir Path folder;

    @Override
    protected CacheTier createTier(TierConfig config) {
      return new ReferenceTier("reference", config,
          new FolderStorage(folder, Set.of(FolderStorage.Flaw.FOLLOWS_LINKS)), Set.of());
    }

    @Override
    protected Path storageFolder() {
      return folder;
    }
  }

  /** A correct tier without a folder, for the ownership suite that must then abort. */
  static final class NoFolderTierOwnershipProbe extends OwnershipContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config);
    }

    @Override
    protected Path storageFolder() {
      return null;
    }
  }

  /** A correct tier that does not declare persistence, for the suite that must then abort. */
  static final class InMemoryTierLifetimeProbe extends LifetimeStatsContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return new ReferenceTier("reference", config);
    }
  }

  static final class NonPersistentTierPersistenceProbe extends PersistenceContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return withFlaws(config);
    }
  }
}
