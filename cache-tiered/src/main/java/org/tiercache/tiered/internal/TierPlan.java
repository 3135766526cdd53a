package org.tiercache.tiered.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.EvictionListener;
import org.tiercache.api.TierConfig;

/**
 * How the builder will get one tier of a stack: from a provider (found by id through
 * {@link ProviderLookup}, or given) and a configuration, which makes a new tier the stack owns;
 * or a tier instance the caller made and keeps owning.
 *
 * <p>{@code source} is how the user wrote the tier (a fragment of the string form, or a description of
 * the Java call), so that an error names what to fix.
 */
public final class TierPlan {
  private static final Logger LOG = LoggerFactory.getLogger(ComposerLog.NAME);

  private final SizeRange rule;
  private final String providerId;
  private final CacheTierProvider provider;
  private final TierConfig config;
  private final CacheTier instance;
  private final String source;

  private TierPlan(SizeRange rule, String providerId, CacheTierProvider provider, TierConfig config,
      CacheTier instance, String source) {
    this.rule = Objects.requireNonNull(rule, "size rule must not be null");
    this.providerId = providerId;
    this.provider = provider;
    this.config = config;
    this.instance = instance;
    this.source = source;
  }

  /**
   * Plans a tier made by the provider with an id, looked up when the stack is built.
   *
   * @param rule the sizes it takes
   * @param providerId the provider's id
   * @param config the tier's settings
   * @param source how the user wrote it, for messages
   * @return the plan
   */
  public static TierPlan ofProviderId(
      SizeRange rule, String providerId, TierConfig config, String source) {
    Objects.requireNonNull(providerId, "provider id must not be null");
    Objects.requireNonNull(config, "config must not be null");
    return new TierPlan(rule, providerId, null, config, null, source);
  }

  /**
   * Plans a tier made by a given provider.
   *
   * @param rule the sizes it takes
   * @param provider the provider
   * @param config the tier's settings
   * @return the plan
   */
  public static TierPlan ofProvider(SizeRange rule, CacheTierProvider provider, TierConfig config) {
    Objects.requireNonNull(provider, "provider must not be null");
    Objects.requireNonNull(config, "config must not be null");
    return new TierPlan(rule, null, provider, config, null, provider.id() + "(" + config + ")");
  }

  /**
   * Plans a tier the caller made.
   *
   * @param rule the sizes it takes
   * @param tier the tier
   * @return the plan
   */
  public static TierPlan ofInstance(SizeRange rule, CacheTier tier) {
    Objects.requireNonNull(tier, "tier must not be null");
    return new TierPlan(rule, null, null, null, tier, "instance " + tier);
  }

  /**
   * Returns the sizes the tier takes.
   *
   * @return the rule
   */
  public SizeRange rule() {
    return rule;
  }

  /**
   * Tells whether the stack makes (and so owns) this tier, rather than being given it.
   *
   * @return {@code true} for a tier made from a provider
   */
  public boolean owned() {
    return instance == null;
  }

  /**
   * Returns how the user wrote the tier.
   *
   * @return the fragment or description
   */
  public String source() {
    return source;
  }

  /**
   * Opens every planned tier, in order, and names each in the stack: its id, then {@code #2},
   * {@code #3}... for an id that repeats. If one cannot be opened, those already opened that the
   * stack owns are closed again.
   *
   * @param plans the tiers, fastest first
   * @param spill the spill to create tiers with, or {@code null}
   * @return the layers, fastest first
   * @throws CacheException as {@link #open} does
   */
  public static List<Layer> openAll(List<TierPlan> plans, Spill spill) {
    List<Layer> layers = new ArrayList<>(plans.size());
    Map<String, Integer> seen = new HashMap<>();
    try {
      for (int i = 0; i < plans.size(); i++) {
        TierPlan plan = plans.get(i);
        CacheTier tier = plan.open(spill, i);
        int nth = seen.merge(tier.id(), 1, Integer::sum);
        String name = nth == 1 ? tier.id() : tier.id() + "#" + nth;
        layers.add(new Layer(i, name, plan.rule(), tier, plan.owned()));
      }
    } catch (RuntimeException e) {
      for (Layer opened : layers) {
        if (opened.owned()) {
          try {
            opened.tier().close();
          } catch (RuntimeException closing) {
            e.addSuppressed(closing);
          }
        }
      }
      throw e;
    }
    return layers;
  }

  /**
   * Returns the tier: the instance, or a new tier made by the provider.
   *
   * @param spill the listener to create a tier with so that its evictions spill, or {@code null} for
   *     none; ignored for an instance
   * @param position the tier's place in the stack, 0 for the fastest, for messages
   * @return the tier
   * @throws CacheConfigurationException naming the tier's place and source if the provider is
   *     missing or refuses the configuration
   * @throws CacheException naming them if the provider fails otherwise (its storage cannot be
   *     opened)
   */
  public CacheTier open(Spill spill, int position) {
    if (instance != null) {
      LOG.debug("tiered cache: tier {} for sizes {} is an instance passed in ({}); not owned",
          position + 1, rule, instance.getClass().getName());
      return instance;
    }
    TierConfig effective = config;
    if (spill != null) {
      EvictionListener also = config.evictionListener().orElse(null);
      effective = config.toBuilder().evictionListener(spill.from(position, also)).build();
    }
    CacheTier tier;
    try {
      CacheTierProvider maker = provider != null ? provider : ProviderLookup.byId(providerId);
      tier = maker.create(effective);
      if (tier == null) {
        throw new CacheException("provider " + maker.getClass().getName() + " returned no tier");
      }
      LOG.debug("tiered cache: tier {} '{}' for sizes {} bound to provider {} in {}",
          position + 1, source, rule, maker.getClass().getName(), maker.getClass().getModule());
    } catch (CacheConfigurationException e) {
      // Still the configuration's fault (an unknown id, a refused setting): the type says so.
      throw new CacheConfigurationException(where(position) + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new CacheException(where(position) + e.getMessage(), e);
    }
    return tier;
  }

  private String where(int position) {
    return "tier " + (position + 1) + " '" + source + "' of the tiered cache: ";
  }
}
