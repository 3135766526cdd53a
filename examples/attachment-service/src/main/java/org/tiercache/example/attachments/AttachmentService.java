package org.tiercache.example.attachments;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.tiercache.api.ContentKey;
import org.tiercache.tiered.TieredCache;

/**
 * Hands out attachments, each fetched from the origin at most once while it stays cached, however
 * many requests ask for it at the same moment.
 */
public final class AttachmentService implements AutoCloseable {
  private final TieredCache cache;
  private final Origin origin;

  /**
   * Serves attachments of an origin through a cache; the service closes the cache.
   *
   * @param cache the cache, owned by the service from now on
   * @param origin where missing attachments are fetched
   */
  public AttachmentService(TieredCache cache, Origin origin) {
    this.cache = Objects.requireNonNull(cache, "cache must not be null");
    this.origin = Objects.requireNonNull(origin, "origin must not be null");
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
    return cache.get(key, origin::fetch);
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
