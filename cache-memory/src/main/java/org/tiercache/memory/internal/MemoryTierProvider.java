package org.tiercache.memory.internal;

import java.util.Set;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/**
 * Makes {@code memory} tiers: {@link MemoryTier}s, byte-bounded LRU caches held in the heap.
 *
 * <p>Settings: {@code capacity}, the most bytes of content held, {@value #DEFAULT_CAPACITY_BYTES}
 * bytes (64 MiB) when not set; {@code ttl}, the time to live after a put, none when not set (entries
 * never expire); the configuration's clock, and its eviction listener, told of each entry evicted for
 * room. Any other setting is refused.
 */
public final class MemoryTierProvider implements CacheTierProvider {
  /** The id configurations name this provider by. */
  public static final String ID = "memory";

  /** The capacity of a tier whose configuration sets none: 64 MiB. */
  public static final long DEFAULT_CAPACITY_BYTES = 64L << 20;

  /** Creates the provider; it does no work until {@link #create} (as {@link java.util.ServiceLoader} expects). */
  public MemoryTierProvider() {}

  /**
   * Returns {@code memory}.
   *
   * @return the provider id
   */
  @Override
  public String id() {
    return ID;
  }

  /**
   * Creates an empty memory tier.
   *
   * @param config capacity (default 64 MiB), TTL (default none), clock and eviction listener; no
   *     other setting
   * @return a new tier
   * @throws org.tiercache.api.CacheException naming the setting if {@code config} holds one this
   *     tier does not know
   * @throws NullPointerException if {@code config} is {@code null}
   */
  @Override
  public CacheTier create(TierConfig config) {
    config.requireOnly(ID, Set.of());
    return new MemoryTier(
        config.capacityBytes(DEFAULT_CAPACITY_BYTES),
        config.ttl().orElse(null),
        config.clock(),
        config.evictionListener().orElse(null));
  }

  @Override
  public String toString() {
    return "MemoryTierProvider[id=" + ID + "]";
  }
}
