package org.tiercache.api;

import java.nio.ByteBuffer;

/**
 * Told of each live entry a tier evicts to make room, so that a composed cache can spill it into a
 * lower tier instead of losing it. Not told of expired, removed or replaced entries.
 *
 * <p>Tiers call it after the eviction, outside their locks, on the thread whose put caused it; a
 * listener that throws does not undo the put (the tier logs and carries on).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface EvictionListener {

  /**
   * Receives an evicted entry.
   *
   * @param key the entry's key
   * @param content the entry's content, read-only
   */
  void evicted(ContentKey key, ByteBuffer content);
}
