package org.tiercache.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierDiscovery;
import org.tiercache.api.TierLoadFailure;
import org.tiercache.cli.internal.StackPlan.PlannedTier;
import org.tiercache.tiered.TierReport;
import org.tiercache.tiered.TieredCache;

/**
 * A stack a command opened from its {@link StackPlan}: the composer's {@link TieredCache}, which
 * routes every put and get, each of its tiers beside the plan that made it (for {@code stat} and
 * {@code verify}, through {@link TieredCache#tiers()}). It routes nothing itself, and writes nothing
 * of its own into a tier's storage: counts that outlive the command are the tiers' own
 * ({@link CacheTier#lifetimeStats()}).
 */
public final class OpenStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenStack.class);

  private final StackPlan plan;
  private final TieredCache cache;
  private final List<OpenTier> tiers;

  /**
   * A tier of the open stack.
   *
   * @param name its name in the stack: its id, then {@code #2}, {@code #3}... for repeated ids
   * @param planned its place in the plan: id, settings, rule
   * @param tier the tier itself, which the stack owns and closes
   */
  public record OpenTier(String name, PlannedTier planned, CacheTier tier) {
    /**
     * Tells whether what this tier holds outlives the command: it is persistent (a disk tier) or
     * held by a server (a shared tier, such as Redis). A memory tier's content dies with the
     * process.
     *
     * @return whether a later command can find what this one stored here
     */
    public boolean outlivesCommand() {
      Set<TierCapability> capabilities = tier.capabilities();
      return capabilities.contains(TierCapability.PERSISTENT)
          || capabilities.contains(TierCapability.SHARED);
    }
  }

  private OpenStack(StackPlan plan, TieredCache cache, List<OpenTier> tiers) {
    this.plan = plan;
    this.cache = cache;
    this.tiers = List.copyOf(tiers);
  }

  static OpenStack open(StackPlan plan) {
    List<PlannedTier> planned = plan.tiers();
    TieredCache.Builder builder =
        TieredCache.builder().writeThrough(plan.writeThrough()).spill(plan.spill());
    TierDiscovery discovery = TierDiscovery.scan();
    AsTyped typed = new AsTyped();
    for (int i = 0; i < planned.size(); i++) {
      PlannedTier tier = planned.get(i);
      CacheTierProvider provider;
      try {
        provider = discovery.provider(tier.id());
      } catch (CacheConfigurationException e) {
        // The tier as the user wrote it, before the ids found.
        throw new CacheConfigurationException("tier " + (i + 1) + " '" + tier.source() + "': "
            + e.getMessage(), e);
      }
      builder.tier(tier.rule(), provider, tier.config());
      typed.add(provider.id(), tier.config(), tier.source());
    }
    // A tier jar that failed to load is named on every run until it is fixed, even when this stack
    // does not use it, since the user put it there to be used. (When the stack names it, the
    // lookup's one-line error above says it all.)
    for (TierLoadFailure failure : discovery.failures()) {
      LOG.warn("tier provider not loaded: {} (see: tiercache providers)", failure);
    }
    TieredCache cache;
    try {
      cache = builder.build();
    } catch (CacheException e) {
      throw typed.reword(e);
    }
    List<TierReport> reports = cache.tierStats();
    List<CacheTier> created = cache.tiers();
    List<OpenTier> tiers = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      tiers.add(new OpenTier(reports.get(i).name(), planned.get(i), created.get(i)));
    }
    LOG.debug("opened {}", cache);
    return new OpenStack(plan, cache, tiers);
  }

  /**
   * Returns the plan this stack was built from.
   *
   * @return the plan
   */
  public StackPlan plan() {
    return plan;
  }

  /**
   * Returns the composer holding the tiers, through which content goes in and out.
   *
   * @return the stack
   */
  public TieredCache cache() {
    return cache;
  }

  /**
   * Returns the tiers, fastest first, each with the plan that made it.
   *
   * @return the tiers
   */
  public List<OpenTier> tiers() {
    return tiers;
  }

  /**
   * Returns the tier whose figure grew between two snapshots of {@link TieredCache#tierStats()},
   * such as the one that served a get (its hits) or failed a put (its failures): one command runs
   * one operation at a time, so the figure that moved says which tier acted.
   *
   * @param before the reports before the operation
   * @param after the reports after it
   * @param figure the figure to compare
   * @return the first tier whose figure grew, or {@code null} if none did
   */
  public OpenTier whichGrew(List<TierReport> before, List<TierReport> after,
      ToLongFunction<TierReport> figure) {
    for (int i = 0; i < tiers.size(); i++) {
      if (figure.applyAsLong(after.get(i)) > figure.applyAsLong(before.get(i))) {
        return tiers.get(i);
      }
    }
    return null;
  }

  /**
   * Closes every tier; each one that keeps counts beyond the command writes them itself.
   *
   * @throws CacheException if a tier fails to close
   */
  @Override
  public void close() {
    cache.close();
  }
}
