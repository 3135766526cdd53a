package org.tiercache.tiered.internal;

import java.io.IOException;
import java.io.InputStream;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.PutResult;

/**
 * Copies an entry from one tier of a stack into another, streamed: the source's
 * {@code openStream} into the target's {@code putStream}, so that content larger than the heap moves
 * between tiers (write-through of a streamed put, promotion of a large hit) with bounded memory.
 *
 * <p>The read from the source counts as a get there (a hit in its statistics). The target computes
 * the key of what it read; a copy whose key is not the entry's (the source's content changed under
 * it, which a tier that checks its reads would have reported) is removed from the target and fails.
 */
public final class TierCopy {
  private TierCopy() {}

  /**
   * Copies an entry.
   *
   * @param from the tier holding the entry
   * @param key the entry's key
   * @param into the tier to copy it into
   * @return whether {@code into} now holds it; {@code false} if it refused it by policy
   * @throws CacheException if {@code from} no longer holds the entry, reading it or writing
   *     {@code into} fails, or the copy's key is not {@code key}
   */
  public static boolean copy(Layer from, ContentKey key, CacheTier into) {
    PutResult copied;
    try (InputStream in = from.tier().openStream(key)) {
      if (in == null) {
        throw new CacheException(from.describe() + " no longer holds " + key + " to copy it");
      }
      copied = into.putStream(in, key.algorithm());
    } catch (IOException e) {
      throw new CacheException("closing the stream of " + key + " from " + from.describe()
          + " failed: " + e, e);
    }
    if (copied.stored() && !copied.key().equals(key)) {
      into.remove(copied.key());
      throw new CacheException("the copy of " + key + " read from " + from.describe()
          + " has the digest of " + copied.key() + "; it was removed");
    }
    return copied.stored();
  }
}
