package org.tiercache.tck;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ReferenceTier.Flaw;
import org.tiercache.tck.RacyTier.Race;

/**
 * Suites bound to a {@link ReferenceTier} with the flaws in {@link #flaws}, or a {@link RacyTier}
 * with the race in {@link #race}, set by the test that runs them through the JUnit Platform test
 * kit (in its own thread, one run at a time). Their names end in {@code Probe}, so that Surefire
 * does not run them on their own: they are meant to fail.
 */
final class FlawProbes {
  /** The flaws of the reference tier the next probe run creates. */
  static volatile Set<Flaw> flaws = Set.of();
  /** The race of the racy tier the next concurrency probe run creates. */
  static volatile Race race;
  /** The listing flaw of the tier the next listing probe run creates. */
  static volatile FlawedListingTier.ListingFlaw listingFlaw;

  private FlawProbes() {}

  /** Runs a probe with a tier of these flaws. */
  static void with(Set<Flaw> chosen, Runnable run) {
    flaws = chosen;
    try {
      run.run();
    } finally {
      flaws = Set.of();
    }
  }

  private static CacheTier flawed(TierConfig config) {
    return new ReferenceTier("reference", config, null, flaws);
  }

  static final class FlawedListingProbe extends ListingContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return new FlawedListingTier(config, listingFlaw);
    }
  }

  static final class FlawedStoreProbe extends StoreContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return flawed(config);
    }
  }

  static final class FlawedLruProbe extends LruContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return flawed(config);
    }
  }

  static final class FlawedTtlProbe extends TtlContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return flawed(config);
    }
  }

  static final class FlawedSizeProbe extends SizeContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return flawed(config);
    }
  }

  static final class FlawedStatsProbe extends StatsContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return flawed(config);
    }
  }

  static final class FlawedListenerProbe extends EvictionListenerContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return flawed(config);
    }

    @Override
    protected Duration callbackTimeout() {
      // Only a tier that deadlocks waits this long; a correct one answers in microseconds.
      return Duration.ofSeconds(1);
    }
  }

  static final class FlawedModelProbe extends ModelContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return flawed(config);
    }
  }

  /** A correct tier that ignores its eviction listener, as TierConfig allows. */
  static final class DeafTierListenerProbe extends EvictionListenerContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return new ReferenceTier("reference", withoutListener(config));
    }
  }

  /** A tier that ignores its eviction listener although its test says it promises to tell one. */
  static final class DeafTierPromisingListenerProbe extends EvictionListenerContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return new ReferenceTier("reference", withoutListener(config));
    }

    @Override
    protected boolean promisesEvictionListener() {
      return true;
    }
  }

  static final class RacyConcurrencyProbe extends ConcurrencyContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return race == null ? new RacyTier(config) : new RacyTier(config, race);
    }

    @Override
    protected int overlappingThreads() {
      // To measure how often a race is caught with other settings than the kit's defaults.
      return Integer.getInteger("tiercache.selftest.threads", super.overlappingThreads());
    }

    @Override
    protected int overlappingRounds() {
      return Integer.getInteger("tiercache.selftest.rounds", super.overlappingRounds());
    }

    @Override
    protected int operationsPerRound() {
      return Integer.getInteger("tiercache.selftest.ops", super.operationsPerRound());
    }
  }

  static final class RacyLinearizabilityProbe extends LinearizabilityContract {
    @Override
    protected CacheTier createTier(TierConfig config) {
      return race == null ? new RacyTier(config) : new RacyTier(config, race);
    }
  }

  /** A correct persistent tier, which writes a file on every put: lincheck cannot model it. */
  static final class FileWritingLinearizabilityProbe extends LinearizabilityContract {
    @TempDir Path dir;

    @Override
    protected CacheTier createTier(TierConfig config) {
      return new ReferenceTier("reference-persistent", config, new FolderStorage(dir, Set.of()),
          Set.of());
    }
  }

  /**
   * A persistent tier, found by the crash child as {@code reference-persistent}, that writes only
   * at a clean close.
   */
  static final class SavesOnlyOnCloseTierCrashProbe extends CrashContract {
    @TempDir Path dir;

    @Override
    protected CacheTier createTier(TierConfig config) {
      return new ReferenceTier("reference-persistent", config,
          new FolderStorage(dir, Set.of(FolderStorage.Flaw.SAVES_ONLY_ON_CLOSE)), Set.of());
    }

    @Override
    protected Map<String, String> crashSettings(CacheTierProvider provider, Path scratchDir) {
      return Map.of("dir", scratchDir.toString(), PersistentReferenceTierProvider.SAVES, "close");
    }
  }

  private static TierConfig withoutListener(TierConfig config) {
    TierConfig.Builder builder = TierConfig.builder().clock(config.clock());
    config.capacityBytes().ifPresent(builder::capacity);
    config.ttl().ifPresent(builder::ttl);
    return builder.build();
  }
}
