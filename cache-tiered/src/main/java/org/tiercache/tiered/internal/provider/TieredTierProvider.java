package org.tiercache.tiered.internal.provider;

import java.util.Set;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;
import org.tiercache.tiered.SizeRule;
import org.tiercache.tiered.TieredCache;

/**
 * Makes {@link TieredCache} stacks by id {@code tiered}, so that a stack can be named wherever a tier
 * can, and so that the compatibility kit's runner checks the composer like any other tier.
 *
 * <p>Settings:
 * <ul>
 *   <li>{@code spec}: a whole stack in the string form of {@code TieredCacheSpec}; each tier there
 *       carries its own capacity and TTL, so {@code capacity} and {@code ttl} may not be given beside
 *       it.
 *   <li>{@code inner} (default {@code memory}): without {@code spec}, a stack of one tier of this
 *       provider taking every size, created with the rest of the configuration (capacity, TTL,
 *       clock and any other settings pass straight through). This is what the kit checks: the
 *       composer's own bookkeeping over a tier, since the kit's rules (one LRU order, one capacity)
 *       describe a single tier; multi-tier behaviour is tested in this module.
 * </ul>
 *
 * <p>It sits in a package of its own, apart from the stack's machinery
 * ({@code org.tiercache.tiered.internal}), because it depends on the exported package, which depends
 * on that machinery: packages depend one way only.
 */
public final class TieredTierProvider implements CacheTierProvider {
  static final String SPEC = "spec";
  static final String INNER = "inner";

  /** Does nothing: providers are created by ServiceLoader and do their work in {@link #create}. */
  public TieredTierProvider() {}

  @Override
  public String id() {
    return TieredCache.ID;
  }

  @Override
  public CacheTier create(TierConfig config) {
    String spec = config.get(SPEC).orElse(null);
    if (spec != null) {
      config.requireOnly(id(), Set.of(SPEC));
      if (config.capacityBytes().isPresent() || config.ttl().isPresent()) {
        throw new CacheConfigurationException("tier 'tiered': give capacity and ttl to each tier inside spec '"
            + TierConfig.redact(spec) + "', not beside it (" + config + ")");
      }
      return TieredCache.fromSpec(spec);
    }
    String inner = config.get(INNER).orElse("memory");
    if (inner.equals(id())) {
      throw new CacheConfigurationException("tier 'tiered': inner=" + inner + " would nest stacks forever");
    }
    TierConfig.Builder innerConfig = TierConfig.builder().clock(config.clock());
    config.capacityBytes().ifPresent(innerConfig::capacity);
    config.ttl().ifPresent(innerConfig::ttl);
    config.evictionListener().ifPresent(innerConfig::evictionListener);
    config.settings().forEach((key, value) -> {
      if (!key.equals(INNER)) {
        innerConfig.set(key, value);
      }
    });
    return TieredCache.builder().tier(SizeRule.any(), inner, innerConfig.build()).build();
  }
}
