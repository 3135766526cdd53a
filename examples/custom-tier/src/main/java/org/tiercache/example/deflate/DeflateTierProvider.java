package org.tiercache.example.deflate;

import java.util.Set;
import java.util.zip.Deflater;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/**
 * Makes {@code deflate} tiers: byte-bounded LRU caches with expire-after-write that keep content
 * deflated in the heap.
 *
 * <p>Settings, besides {@code capacity} (default 64 MiB of content) and {@code ttl} (default none):
 * <ul>
 *   <li>{@code level}: the deflate level, 1 (fastest) to 9 (smallest), or 0 to store everything
 *       raw; default 1, since a cache's puts sit on a request's path and level 1 already takes
 *       most of what text gives.
 *   <li>{@code threshold}: content shorter than this is kept raw (default {@code 256B}): deflate's
 *       header and block costs eat the gain on tiny content.
 * </ul>
 * Any other setting is refused, naming it.
 *
 * <p>A provider is found by {@link java.util.ServiceLoader}, so it has a public no-argument
 * constructor that does nothing; all work happens in {@link #create}.
 */
public final class DeflateTierProvider implements CacheTierProvider {
  /** The id configurations name this provider by. */
  public static final String ID = "deflate";

  /** The capacity of a tier whose configuration sets none: 64 MiB of content. */
  public static final long DEFAULT_CAPACITY_BYTES = 64L << 20;

  private static final String LEVEL = "level";
  private static final String THRESHOLD = "threshold";
  private static final int DEFAULT_LEVEL = Deflater.BEST_SPEED;
  private static final long DEFAULT_THRESHOLD_BYTES = 256;

  /** Creates the provider; it does no work until {@link #create}. */
  public DeflateTierProvider() {}

  /**
   * Returns {@code deflate}.
   *
   * @return the provider id
   */
  @Override
  public String id() {
    return ID;
  }

  /**
   * Creates an empty deflate tier.
   *
   * @param config capacity, TTL, clock, eviction listener, {@code level} and {@code threshold}
   * @return a new tier
   * @throws CacheException naming the setting and value if a setting is unknown or invalid
   * @throws NullPointerException if {@code config} is {@code null}
   */
  @Override
  public CacheTier create(TierConfig config) {
    config.requireOnly(ID, Set.of(LEVEL, THRESHOLD));
    int level = config.get(LEVEL, DeflateTierProvider::parseLevel).orElse(DEFAULT_LEVEL);
    long threshold = config.get(THRESHOLD, TierConfig::parseBytes).orElse(DEFAULT_THRESHOLD_BYTES);
    return new DeflateTier(
        config.capacityBytes(DEFAULT_CAPACITY_BYTES),
        config.ttl().orElse(null),
        config.clock(),
        config.evictionListener().orElse(null),
        new Packer(level, threshold));
  }

  private static int parseLevel(String text) {
    int level;
    try {
      level = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number");
    }
    if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
      throw new IllegalArgumentException("must be 0 (store raw) to 9 (smallest)");
    }
    return level;
  }

  @Override
  public String toString() {
    return "DeflateTierProvider[id=" + ID + "]";
  }
}
