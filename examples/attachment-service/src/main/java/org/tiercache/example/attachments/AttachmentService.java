package org.tiercache.example.attachments;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.tiercache.api.ContentKey;
import org.tiercache.micrometer.TieredCacheMetrics;
import org.tiercache.tiered.TieredCache;

/**
 * Hands out attachments, each fetched from the origin at most once while it stays cached, however
 * many requests ask for it at the same moment.
 */
public final class AttachmentService implements AutoCloseable {
  /** The value of the {@code cache} tag of the service's meters. */
  public static final String CACHE_NAME = "attachments";

  private final TieredCache cache;
  /** The origin's fetch, timed in the registry's {@code cache.loads}. */
  private final TieredCache.Loader fetch;

  /**
   * Serves attachments of an origin through a cache; the service closes the cache. The cache, each
   * of its tiers and the origin's fetches are published to the registry, tagged
   * {@code cache=attachments}.
   *
   * @param cache the cache, owned by the service from now on
   * @param origin where missing attachments are fetched
   * @param registry where the cache's meters go
   */
  public AttachmentService(TieredCache cache, Origin origin, MeterRegistry registry) {
    this.cache = Objects.requireNonNull(cache, "cache must not be null");
    Objects.requireNonNull(origin, "origin must not be null");
    TieredCacheMetrics metrics = TieredCacheMetrics.monitor(registry, cache, CACHE_NAME);
    this.fetch = metrics.timed(origin::fetch);
  }

  /**
   * Returns an attachment. A miss is fetched once for all concurrent callers, checked against its
   * key, and cached in the tier its size picks.
   *
   * @param key the attachment's digest
   * @return its content, read-only, or {@code null} if the origin has none
   * @throws org.tiercache.api.CacheException if the origin fails or sends content that does not
   *     match the key
   */
  public ByteBuffer attachment(ContentKey key) {
    return cache.get(key, fetch);
  }

  /**
   * Returns the cache, for its statistics.
   *
   * @return the cache
   */
  public TieredCache cache() {
    return cache;
  }

  @Override
  public void close() {
    cache.close();
  }
}
